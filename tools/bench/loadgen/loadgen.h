/* The project's tracker load generator: shared types of its parts.
 *
 * main.c     options, the run, the summary line
 * target.c   the URL: loopback address, path, {passkey} split
 * model.c    the request model (slots, seeders, events, passkeys, hashes)
 * http.c     HTTP/1.1 announce and scrape over non-blocking TCP, keep-alive or close
 * udp.c      BEP 15 announce and scrape (connect, retries, BEP 41 URL data)
 * stats.c    counters, the latency histogram, CPU accounting from /proc
 */
#ifndef LOADGEN_H
#define LOADGEN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define NEVER UINT64_MAX

enum mode { MODE_ANNOUNCE, MODE_SCRAPE };
enum proto { PROTO_HTTP, PROTO_UDP };
/* The order of HTTP's event names; UDP numbers them differently (udp.c maps them). */
enum event { EV_NONE, EV_STARTED, EV_STOPPED, EV_COMPLETED };

struct options {
  enum mode mode;
  int conns;
  double secs, warmup, prefill_secs;
  long max_requests;
  int close_each;
  const char *hashes_file, *passkeys_file, *url;
  long torrents, ppt;
  int numwant, scrape_n, prefill, fresh;
  long timeout_ms, retry_ms;
  uint64_t seed;
  int server_pid;
  /* --watch NAME=PID: other processes whose CPU share and RSS the summary reports */
  int n_watch;
  const char *watch_name[4];
  int watch_pid[4];
};

struct target {
  enum proto proto;
  struct sockaddr_storage addr;
  socklen_t addr_len;
  int family;
  char host_header[64];
  char path_head[512]; /* the path before {passkey}, or all of it */
  char path_tail[512]; /* after {passkey} */
  int has_passkey;
  int has_query;       /* the path already has a '?' */
};

/* Outcome of one answered request. */
enum outcome { OUT_OK, OUT_NON2XX, OUT_FAILURE, OUT_BAD_BODY };

struct announce {
  long slot, torrent;
  int port;
  enum event event;
  uint8_t peer_id[20];
  uint64_t uploaded, downloaded, left;
  uint32_t key;
};

/* target.c */
int target_parse(const char *url, enum mode mode, struct target *t, char *err, size_t errlen);

/* model.c */
void model_init(const struct options *o);
long model_torrents(void);
long model_slots(void);
int model_next_announce(int prefill, struct announce *a); /* 0: prefill finished */
const uint8_t *model_hash(long torrent);
const char *model_hash_pct(long torrent); /* 60 chars of %XX */
long model_random_torrent(void);
const char *model_passkey(long slot);     /* slot < 0: any; NULL without passkeys */
uint32_t model_random32(void);

/* stats.c */
struct run {
  uint64_t t0, t_warm, t_end;
  long issued, max_requests;
  int prefill;
  volatile int stop; /* SIGINT / SIGTERM */
};
extern struct run run;
uint64_t now_us(void);
int may_issue(uint64_t now);       /* budget: time and count; counts the request */
int in_window(uint64_t now);
void stats_answer(uint64_t t_start, uint64_t now, enum outcome o, size_t bytes);
void stats_event(enum event e, uint64_t now);
enum err_kind { ERR_CONNECT, ERR_READ, ERR_WRITE, ERR_TIMEOUT };
void stats_error(enum err_kind k, uint64_t now);
void stats_note(const char *name, uint64_t now); /* extra counters (conns_opened, ...), window only */
void stats_window_tick(uint64_t now, const struct options *o);
void stats_print(const struct options *o, const struct target *t, uint64_t t_stop);
long stats_ok(void);

/* http.c, udp.c: run the closed loop until the budget is spent; return t_stop */
uint64_t http_run(const struct options *o, const struct target *t);
uint64_t udp_run(const struct options *o, const struct target *t);

void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
