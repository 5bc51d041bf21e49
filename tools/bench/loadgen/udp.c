/* BEP 15 announce and scrape over UDP: N request slots, one request outstanding on each
 * (closed loop), each slot with its own connected socket, so its own source port and its
 * own connection_id, as N clients would have.
 *
 * A slot asks for a connection_id (action 0) before its first request and again after 60 s
 * (BEP 15 lets a client use one for a minute), then sends announces (action 1) or scrapes
 * (action 2) with a fresh transaction_id each. Without an answer it resends the same
 * datagram every --retry-ms until --timeout-ms, then counts a timeout. A URL path, e.g.
 * udp://127.0.0.1:6969/announce?passkey={passkey}, travels as BEP 41 URL data options
 * after the announce (a scrape has no room for options: its length is its hash count). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loadgen.h"

#define PROTOCOL_ID 0x41727101980ULL
#define ID_LIFETIME_US 60000000ULL
#define PKT_CAP 2048
#define PAUSE_US 10000

enum { ACT_CONNECT = 0, ACT_ANNOUNCE = 1, ACT_SCRAPE = 2, ACT_ERROR = 3 };
enum ustate { U_PARKED, U_PAUSED, U_CONNECTING, U_WAITING };

struct uslot {
  int fd;
  enum ustate st;
  int have_id;
  uint64_t conn_id, id_at;
  uint32_t txid;
  uint8_t hello[16], pkt[PKT_CAP];
  int pkt_len;
  uint64_t t_start, deadline, resend_at, wake_at;
};

static const struct options *opt;
static const struct target *tgt;

static void be16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static void be32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (24 - 8 * i));
}
static void be64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (56 - 8 * i));
}
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint64_t rd64(const uint8_t *p) { return (uint64_t)rd32(p) << 32 | rd32(p + 4); }

/* BEP 15 numbers events differently from the HTTP names' order. */
static uint32_t udp_event(enum event e) {
  static const uint32_t code[] = {[EV_NONE] = 0, [EV_COMPLETED] = 1, [EV_STARTED] = 2, [EV_STOPPED] = 3};
  return code[e];
}

/* BEP 41: option 2 (URLData) carries at most 255 bytes; longer data takes several. */
static int put_url_data(uint8_t *p, uint8_t *end, long slot) {
  char url[1200];
  const char *pk = tgt->has_passkey ? model_passkey(slot) : "";
  int n = snprintf(url, sizeof url, "%s%s%s", tgt->path_head, pk, tgt->has_passkey ? tgt->path_tail : "");
  if (n < 0 || n >= (int)sizeof url) fatal("URL data too long");
  uint8_t *o = p;
  for (int off = 0; off < n;) {
    int chunk = n - off > 255 ? 255 : n - off;
    if (o + 2 + chunk > end) fatal("URL data too long");
    *o++ = 2;
    *o++ = (uint8_t)chunk;
    memcpy(o, url + off, (size_t)chunk);
    o += chunk, off += chunk;
  }
  return (int)(o - p);
}

static void build_announce(struct uslot *s, uint64_t now) {
  struct announce a;
  model_next_announce(run.prefill, &a);
  stats_event(a.event, now);
  uint8_t *p = s->pkt; /* connection_id and transaction_id are written when sent */
  be32(p + 8, ACT_ANNOUNCE);
  memcpy(p + 16, model_hash(a.torrent), 20);
  memcpy(p + 36, a.peer_id, 20);
  be64(p + 56, a.downloaded);
  be64(p + 64, a.left);
  be64(p + 72, a.uploaded);
  be32(p + 80, udp_event(a.event));
  be32(p + 84, 0); /* IP: the sender's */
  be32(p + 88, a.key);
  be32(p + 92, (uint32_t)opt->numwant);
  be16(p + 96, (uint32_t)a.port);
  s->pkt_len = 98 + put_url_data(p + 98, p + PKT_CAP, a.slot);
}

static void build_scrape(struct uslot *s) {
  be32(s->pkt + 8, ACT_SCRAPE);
  for (int i = 0; i < opt->scrape_n; i++) memcpy(s->pkt + 16 + 20 * i, model_hash(model_random_torrent()), 20);
  s->pkt_len = 16 + 20 * opt->scrape_n;
}

static void u_next(struct uslot *s, uint64_t now);

static void u_pause(struct uslot *s, uint64_t now) {
  s->st = U_PAUSED;
  s->wake_at = now + PAUSE_US;
}

/* 0 sent; otherwise the request failed and the slot moved on. */
static int u_send(struct uslot *s, const uint8_t *p, int len, uint64_t now) {
  if (send(s->fd, p, (size_t)len, 0) == len) return 0;
  if (errno == ECONNREFUSED) { /* an ICMP port unreachable from an earlier datagram */
    stats_error(ERR_CONNECT, now);
    u_pause(s, now);
  } else if (errno == EAGAIN || errno == ENOBUFS) {
    s->resend_at = now + (uint64_t)opt->retry_ms * 1000; /* counts as lost; the retry resends */
    return 0;
  } else {
    stats_error(ERR_WRITE, now);
    u_next(s, now);
  }
  return -1;
}

static void u_connect(struct uslot *s, uint64_t now) {
  s->txid = model_random32();
  be64(s->hello, PROTOCOL_ID);
  be32(s->hello + 8, ACT_CONNECT);
  be32(s->hello + 12, s->txid);
  s->st = U_CONNECTING;
  s->resend_at = now + (uint64_t)opt->retry_ms * 1000;
  u_send(s, s->hello, 16, now);
}

static void u_transmit(struct uslot *s, uint64_t now) {
  s->txid = model_random32();
  be64(s->pkt, s->conn_id);
  be32(s->pkt + 12, s->txid);
  s->st = U_WAITING;
  s->resend_at = now + (uint64_t)opt->retry_ms * 1000;
  u_send(s, s->pkt, s->pkt_len, now);
}

static void u_next(struct uslot *s, uint64_t now) {
  if (!may_issue(now)) {
    s->st = U_PARKED;
    return;
  }
  if (opt->mode == MODE_ANNOUNCE) build_announce(s, now);
  else build_scrape(s);
  s->t_start = now;
  s->deadline = now + (uint64_t)opt->timeout_ms * 1000;
  if (s->have_id && now - s->id_at < ID_LIFETIME_US) u_transmit(s, now);
  else u_connect(s, now);
}

static enum outcome judge(const uint8_t *b, int n) {
  uint32_t action = rd32(b);
  if (action == ACT_ERROR) return OUT_FAILURE;
  if (opt->mode == MODE_ANNOUNCE) {
    int peer = tgt->family == AF_INET6 ? 18 : 6;
    return action == ACT_ANNOUNCE && n >= 20 && (n - 20) % peer == 0 && rd32(b + 8) > 0 ? OUT_OK : OUT_BAD_BODY;
  }
  return action == ACT_SCRAPE && n == 8 + 12 * opt->scrape_n ? OUT_OK : OUT_BAD_BODY;
}

static void u_datagram(struct uslot *s, const uint8_t *b, int n, uint64_t now) {
  if (n < 8 || rd32(b + 4) != s->txid || (s->st != U_CONNECTING && s->st != U_WAITING)) {
    stats_note("udp_stale", now); /* a late answer to a resent datagram, or noise */
    return;
  }
  if (s->st == U_CONNECTING && rd32(b) == ACT_CONNECT && n >= 16) {
    s->conn_id = rd64(b + 8);
    s->have_id = 1;
    s->id_at = now;
    stats_note("udp_connects", now);
    return u_transmit(s, now);
  }
  enum outcome o = s->st == U_CONNECTING ? (rd32(b) == ACT_ERROR ? OUT_FAILURE : OUT_BAD_BODY) : judge(b, n);
  if (o != OUT_OK) s->have_id = 0; /* the id may have expired: ask again next time */
  stats_answer(s->t_start, now, o, (size_t)n);
  u_next(s, now);
}

/* One datagram per readiness: a slot has one request out, and epoll is level-triggered, so
 * a second datagram (a late duplicate) is reported again rather than costing every answer
 * a recv that finds nothing. */
static void u_readable(struct uslot *s, uint64_t now) {
  uint8_t buf[4096];
  ssize_t n = recv(s->fd, buf, sizeof buf, 0);
  if (n >= 0) return u_datagram(s, buf, (int)n, now);
  if (errno == EAGAIN || errno == EINTR) return;
  if (s->st == U_CONNECTING || s->st == U_WAITING) {
    stats_error(errno == ECONNREFUSED ? ERR_CONNECT : ERR_READ, now);
    u_pause(s, now);
  }
}

static int sweep(struct uslot *ss, int n, uint64_t now) {
  int busy = 0;
  for (int i = 0; i < n; i++) {
    struct uslot *s = &ss[i];
    if (s->st == U_PAUSED && now >= s->wake_at) {
      u_next(s, now);
    } else if ((s->st == U_CONNECTING || s->st == U_WAITING) && now >= s->deadline) {
      stats_error(ERR_TIMEOUT, now);
      s->have_id = 0;
      u_next(s, now);
    } else if ((s->st == U_CONNECTING || s->st == U_WAITING) && now >= s->resend_at) {
      stats_note("udp_resends", now);
      s->resend_at = now + (uint64_t)opt->retry_ms * 1000;
      if (s->st == U_CONNECTING) u_send(s, s->hello, 16, now);
      else u_send(s, s->pkt, s->pkt_len, now);
    }
    busy |= s->st != U_PARKED;
  }
  return busy;
}

static void open_slot(struct uslot *s, int epfd) {
  s->fd = socket(tgt->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s->fd < 0) fatal("socket: %s", strerror(errno));
  if (connect(s->fd, (const struct sockaddr *)&tgt->addr, tgt->addr_len) < 0) fatal("connect: %s", strerror(errno));
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = s};
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, s->fd, &ev) < 0) fatal("epoll_ctl: %s", strerror(errno));
}

uint64_t udp_run(const struct options *o, const struct target *t) {
  opt = o;
  tgt = t;
  if (o->mode == MODE_SCRAPE && (o->scrape_n * 20 + 16 > PKT_CAP)) fatal("--scrape-n too large for one datagram");
  int epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) fatal("epoll_create1: %s", strerror(errno));
  struct uslot *ss = calloc((size_t)o->conns, sizeof *ss);
  if (!ss) fatal("out of memory");
  uint64_t now = now_us(), last_sweep = now;
  for (int i = 0; i < o->conns; i++) open_slot(&ss[i], epfd);
  stats_window_tick(now, o);
  for (int i = 0; i < o->conns; i++) u_next(&ss[i], now);
  struct epoll_event evs[256];
  while (!run.stop && now < run.t_end) {
    int n = epoll_wait(epfd, evs, 256, 5);
    now = now_us();
    for (int i = 0; i < n; i++) u_readable(evs[i].data.ptr, now);
    stats_window_tick(now, o);
    if (now - last_sweep >= 5000 || n == 0) {
      last_sweep = now;
      if (!sweep(ss, o->conns, now)) break;
    }
  }
  for (int i = 0; i < o->conns; i++) close(ss[i].fd);
  return now;
}
