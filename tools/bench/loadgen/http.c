/* HTTP/1.1 announce and scrape: N connections, one request in flight on each (closed
 * loop), one thread, epoll edge-triggered so a request costs no epoll_ctl.
 *
 * Keep-alive is what the client asks for; whether the connection survives is the server's
 * answer: "Connection: close", HTTP/1.0, or a FIN right after the answer (opentracker
 * closes after every reply without saying so). A request sent on a reused connection
 * that the server closed meanwhile is resent once on a new one, as browsers do, and is
 * not an error. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loadgen.h"

#define REQ_CAP 8192
#define BUF_MAX (1 << 20)
#define RETRY_PAUSE_US 10000

enum hstate { H_PARKED, H_PAUSED, H_CONNECTING, H_SENDING, H_READING };

struct response {
  int head_len, status, minor, closes, chunked;
  long content_len; /* -1: none given */
};

struct hconn {
  int fd;
  enum hstate st;
  int answers; /* on this fd */
  int resent;
  char req[REQ_CAP];
  int req_len, req_off;
  char *buf;
  int cap, len;
  uint64_t t_start, deadline, wake_at;
};

static const struct options *opt;
static const struct target *tgt;
static int epfd;

/* ---- request text ---- */

struct out { char *p, *end; };

static void put(struct out *o, const char *s, size_t n) {
  if ((size_t)(o->end - o->p) <= n) fatal("request longer than %d bytes", REQ_CAP);
  memcpy(o->p, s, n);
  o->p += n;
}
static void puts_(struct out *o, const char *s) { put(o, s, strlen(s)); }
static void put_u64(struct out *o, uint64_t v) {
  char tmp[24];
  int i = sizeof tmp;
  do tmp[--i] = (char)('0' + v % 10); while (v /= 10);
  put(o, tmp + i, sizeof tmp - (size_t)i);
}
static void put_pct(struct out *o, const uint8_t *b, int n) {
  static const char digits[] = "0123456789ABCDEF";
  char tmp[60];
  for (int i = 0; i < n; i++) {
    tmp[3 * i] = '%';
    tmp[3 * i + 1] = digits[b[i] >> 4];
    tmp[3 * i + 2] = digits[b[i] & 15];
  }
  put(o, tmp, (size_t)(3 * n));
}

static void put_path(struct out *o, long slot) {
  puts_(o, "GET ");
  puts_(o, tgt->path_head);
  if (tgt->has_passkey) {
    puts_(o, model_passkey(slot));
    puts_(o, tgt->path_tail);
  }
  puts_(o, tgt->has_query ? "&" : "?");
}

static void put_headers(struct out *o) {
  puts_(o, " HTTP/1.1\r\nHost: ");
  puts_(o, tgt->host_header);
  puts_(o, opt->close_each ? "\r\nUser-Agent: loadgen/1\r\nConnection: close\r\n\r\n" : "\r\nUser-Agent: loadgen/1\r\n\r\n");
}

static void build_announce(struct hconn *c, uint64_t now) {
  static const char *event_param[] = {"", "&event=started", "&event=stopped", "&event=completed"};
  static const char hex[] = "0123456789abcdef";
  struct announce a;
  model_next_announce(run.prefill, &a); /* a prefill's budget is its slots (main.c) */
  stats_event(a.event, now);
  struct out o = {c->req, c->req + REQ_CAP};
  put_path(&o, a.slot);
  puts_(&o, "info_hash=");
  puts_(&o, model_hash_pct(a.torrent));
  puts_(&o, "&peer_id=");
  put_pct(&o, a.peer_id, 20);
  puts_(&o, "&port=");
  put_u64(&o, (uint64_t)a.port);
  puts_(&o, "&uploaded=");
  put_u64(&o, a.uploaded);
  puts_(&o, "&downloaded=");
  put_u64(&o, a.downloaded);
  puts_(&o, "&left=");
  put_u64(&o, a.left);
  puts_(&o, "&corrupt=0&key=");
  char key[8];
  for (int i = 0; i < 8; i++) key[i] = hex[(a.key >> (28 - 4 * i)) & 15];
  put(&o, key, 8);
  puts_(&o, event_param[a.event]);
  puts_(&o, "&numwant=");
  put_u64(&o, (uint64_t)opt->numwant);
  puts_(&o, "&compact=1&no_peer_id=1");
  put_headers(&o);
  c->req_len = (int)(o.p - c->req);
}

static void build_scrape(struct hconn *c) {
  struct out o = {c->req, c->req + REQ_CAP};
  put_path(&o, -1);
  for (int i = 0; i < opt->scrape_n; i++) {
    puts_(&o, i ? "&info_hash=" : "info_hash=");
    puts_(&o, model_hash_pct(model_random_torrent()));
  }
  put_headers(&o);
  c->req_len = (int)(o.p - c->req);
}

/* ---- response parsing ---- */

static int header_is(const char *line, const char *name) { return strncasecmp(line, name, strlen(name)) == 0; }

/* Parses the head once "\r\n\r\n" arrived: 1 done, 0 need more, -1 malformed. */
static int parse_head(const char *buf, int len, struct response *r) {
  const char *end = memmem(buf, (size_t)len, "\r\n\r\n", 4);
  if (!end) return len > 65536 ? -1 : 0;
  memset(r, 0, sizeof *r);
  r->head_len = (int)(end - buf) + 4;
  r->content_len = -1;
  if (r->head_len < 16 || strncmp(buf, "HTTP/1.", 7) != 0 || buf[8] != ' ') return -1;
  r->minor = buf[7] - '0';
  r->status = atoi(buf + 9);
  int keep_alive = 0;
  for (const char *l = memchr(buf, '\n', (size_t)(end - buf)); l && l < end; l = memchr(l + 1, '\n', (size_t)(end - l))) {
    const char *h = l + 1;
    if (header_is(h, "content-length:")) r->content_len = strtol(h + 15, NULL, 10);
    else if (header_is(h, "transfer-encoding:")) r->chunked = memmem(h, (size_t)(strchr(h, '\r') - h), "chunked", 7) != NULL;
    else if (header_is(h, "connection:")) {
      const char *v = h + 11 + strspn(h + 11, " \t");
      if (header_is(v, "close")) r->closes = 1;
      if (header_is(v, "keep-alive")) keep_alive = 1;
    }
  }
  if (r->minor == 0 && !keep_alive) r->closes = 1;
  return 1;
}

/* Walks the chunks from the body start: the message end, 0 if incomplete, -1 malformed.
 * With compact set, moves the chunk data together at the body start (done once complete). */
static long walk_chunks(char *buf, int len, int body, int compact, long *body_len) {
  long pos = body, w = body;
  for (;;) {
    char *eol = memmem(buf + pos, (size_t)(len - pos), "\r\n", 2);
    if (!eol) return 0;
    char *digits_end;
    long size = strtol(buf + pos, &digits_end, 16);
    if (digits_end == buf + pos || size < 0 || size > BUF_MAX) return -1;
    long data = eol - buf + 2;
    if (size == 0) {
      char *trailer_end = memmem(buf + data - 2, (size_t)(len - data + 2), "\r\n\r\n", 4);
      if (!trailer_end) return 0;
      *body_len = w - body;
      return trailer_end - buf + 4;
    }
    if (data + size + 2 > len) return 0;
    if (buf[data + size] != '\r' || buf[data + size + 1] != '\n') return -1;
    if (compact) memmove(buf + w, buf + data, (size_t)size);
    w += size;
    pos = data + size + 2;
  }
}

/* Message end (bytes) once complete, 0 if incomplete, -1 malformed; the body's length. */
static long message_end(struct hconn *c, const struct response *r, int eof, long *body_len) {
  int body = r->head_len;
  if (r->status == 204 || r->status == 304) return *body_len = 0, body;
  if (r->chunked) {
    long end = walk_chunks(c->buf, c->len, body, 0, body_len);
    return end > 0 ? walk_chunks(c->buf, c->len, body, 1, body_len) : end;
  }
  if (r->content_len >= 0) {
    *body_len = r->content_len;
    return c->len - body >= r->content_len ? body + r->content_len : 0;
  }
  *body_len = c->len - body; /* the body ends with the connection */
  return eof ? c->len : 0;
}

static enum outcome judge(const struct response *r, const char *body, long n) {
  if (r->status < 200 || r->status > 299) return OUT_NON2XX;
  if (memmem(body, (size_t)n, "14:failure reason", 17)) return OUT_FAILURE;
  const char *must = opt->mode == MODE_ANNOUNCE ? "8:interval" : "5:files";
  return memmem(body, (size_t)n, must, strlen(must)) ? OUT_OK : OUT_BAD_BODY;
}

/* ---- connection state machine ---- */

static void h_next(struct hconn *c, uint64_t now);

static void h_drop(struct hconn *c) {
  if (c->fd >= 0) close(c->fd); /* also leaves the epoll set */
  c->fd = -1;
  c->answers = 0;
}

static void h_fail(struct hconn *c, enum err_kind k, uint64_t now) {
  stats_error(k, now);
  h_drop(c);
  if (k == ERR_CONNECT) { /* the server is not accepting: do not spin on it */
    c->st = H_PAUSED;
    c->wake_at = now + RETRY_PAUSE_US;
    return;
  }
  h_next(c, now);
}

static void h_write(struct hconn *c, uint64_t now);

static void h_open(struct hconn *c, uint64_t now) {
  c->fd = socket(tgt->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0) return h_fail(c, ERR_CONNECT, now);
  /* No TCP_NODELAY: a request is one send() with nothing unacknowledged before it (the
   * previous answer acknowledged the previous request), so Nagle never holds it back. */
  stats_note("conns_opened", now);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c};
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) fatal("epoll_ctl: %s", strerror(errno));
  if (connect(c->fd, (const struct sockaddr *)&tgt->addr, tgt->addr_len) == 0) {
    c->st = H_SENDING;
    return h_write(c, now);
  }
  if (errno != EINPROGRESS) return h_fail(c, ERR_CONNECT, now);
  c->st = H_CONNECTING;
}

/* Sends the current request, on the open connection or a new one. */
static void h_send(struct hconn *c, uint64_t now) {
  c->req_off = 0;
  c->len = 0;
  if (c->fd < 0) return h_open(c, now);
  c->st = H_SENDING;
  h_write(c, now);
}

/* The server closed a reused connection before answering (its idle timeout, or opentracker's
 * close after each reply): reconnect and resend once. 0 when that does not apply. */
static int h_resend_fresh(struct hconn *c, uint64_t now) {
  if (c->answers == 0 || c->len != 0 || c->resent) return 0;
  c->resent = 1;
  stats_note("server_closes", now);
  h_drop(c);
  h_send(c, now);
  return 1;
}

static void h_next(struct hconn *c, uint64_t now) {
  if (!may_issue(now)) {
    h_drop(c);
    c->st = H_PARKED;
    return;
  }
  if (opt->mode == MODE_ANNOUNCE) build_announce(c, now);
  else build_scrape(c);
  c->t_start = now;
  c->deadline = now + (uint64_t)opt->timeout_ms * 1000;
  c->resent = 0;
  h_send(c, now);
}

static void h_write(struct hconn *c, uint64_t now) {
  while (c->req_off < c->req_len) {
    ssize_t n = send(c->fd, c->req + c->req_off, (size_t)(c->req_len - c->req_off), MSG_NOSIGNAL);
    if (n > 0) {
      c->req_off += (int)n;
      continue;
    }
    if (n < 0 && errno == EAGAIN) return; /* the next EPOLLOUT edge resumes */
    if (h_resend_fresh(c, now)) return;
    return h_fail(c, ERR_WRITE, now);
  }
  c->st = H_READING;
}

static void h_answered(struct hconn *c, const struct response *r, long end, long body_len, int eof, uint64_t now) {
  if (end != c->len) return h_fail(c, ERR_READ, now); /* bytes nobody asked for */
  stats_answer(c->t_start, now, judge(r, c->buf + r->head_len, body_len), (size_t)c->len);
  c->answers++;
  if (eof || r->closes || opt->close_each) h_drop(c);
  h_next(c, now);
}

/* One recv usually holds the whole answer; reading on to EAGAIN would cost a syscall per
 * request for nothing, since every new segment or FIN raises a new edge (EPOLLRDHUP tells the
 * FIN apart). */
static void h_read(struct hconn *c, int hup, uint64_t now) {
  int eof = 0;
  for (;;) {
    if (c->cap - c->len < 4096) {
      if (c->cap >= BUF_MAX) return h_fail(c, ERR_READ, now);
      c->cap = c->cap ? c->cap * 2 : 16384;
      if (!(c->buf = realloc(c->buf, (size_t)c->cap))) fatal("out of memory");
    }
    ssize_t n = recv(c->fd, c->buf + c->len, (size_t)(c->cap - c->len), 0);
    if (n > 0) {
      c->len += (int)n;
      if (c->cap - c->len >= 4096) break; /* the socket is empty: recv left room */
    } else if (n == 0) {
      eof = 1;
      break;
    } else if (errno == EAGAIN) {
      break;
    } else if (errno != EINTR) {
      if (h_resend_fresh(c, now)) return;
      return h_fail(c, ERR_READ, now);
    }
  }
  if (eof && h_resend_fresh(c, now)) return;
  struct response r;
  int head = parse_head(c->buf, c->len, &r);
  long body_len = 0, end = head > 0 ? message_end(c, &r, eof, &body_len) : head;
  if (end < 0) return h_fail(c, ERR_READ, now);
  if (end > 0) return h_answered(c, &r, end, body_len, eof || hup, now);
  if (eof) h_fail(c, ERR_READ, now); /* closed mid-answer */
}

static void on_event(struct hconn *c, uint32_t events, uint64_t now) {
  if (c->st == H_CONNECTING) {
    if (events & (EPOLLERR | EPOLLHUP)) return h_fail(c, ERR_CONNECT, now); /* refused */
    if (!(events & EPOLLOUT)) return;
    c->st = H_SENDING;
  }
  if (c->st == H_SENDING && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) h_write(c, now);
  if (c->st == H_READING && (events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)))
    h_read(c, (events & (EPOLLRDHUP | EPOLLHUP)) != 0, now);
}

/* Every 10 ms: requests past their deadline fail; paused connections resume. 0 when all are parked. */
static int sweep(struct hconn *cs, int n, uint64_t now) {
  int busy = 0;
  for (int i = 0; i < n; i++) {
    struct hconn *c = &cs[i];
    if (c->st == H_PAUSED && now >= c->wake_at) h_next(c, now);
    else if (c->st >= H_CONNECTING && now >= c->deadline) h_fail(c, ERR_TIMEOUT, now);
    busy |= c->st != H_PARKED;
  }
  return busy;
}

uint64_t http_run(const struct options *o, const struct target *t) {
  opt = o;
  tgt = t;
  if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) fatal("epoll_create1: %s", strerror(errno));
  struct hconn *cs = calloc((size_t)o->conns, sizeof *cs);
  if (!cs) fatal("out of memory");
  uint64_t now = now_us(), last_sweep = now;
  stats_window_tick(now, o);
  for (int i = 0; i < o->conns; i++) {
    cs[i].fd = -1;
    h_next(&cs[i], now);
  }
  struct epoll_event evs[256];
  while (!run.stop && now < run.t_end) {
    int n = epoll_wait(epfd, evs, 256, 10);
    now = now_us();
    for (int i = 0; i < n; i++) on_event(evs[i].data.ptr, evs[i].events, now);
    stats_window_tick(now, o);
    if (now - last_sweep >= 10000 || n == 0) {
      last_sweep = now;
      if (!sweep(cs, o->conns, now)) break;
    }
  }
  for (int i = 0; i < o->conns; i++) h_drop(&cs[i]);
  return now;
}
