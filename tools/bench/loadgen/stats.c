/* Counters, latency and CPU over the measured window (warm-up excluded), and the one
 * summary line. CPU figures are in % of one core: the generator from getrusage, the server
 * from /proc/PID/stat (all its threads), the machine from /proc/stat. other_cpu_pct is what
 * neither used: another process on the machine, a sign that the run was disturbed. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "loadgen.h"

struct run run;

/* Latency histogram in µs: exact below 1024 µs, then 64 buckets per power of two
 * (under 1.6% error), so memory stays fixed however long the run. */
#define LINEAR 1024
#define SUB_BITS 6
#define BUCKETS (LINEAR + (32 - 10) * (1 << SUB_BITS))
static uint64_t hist[BUCKETS];
static uint64_t lat_count, lat_max;

static struct {
  long ok, non2xx, failure, bad_body;
  long err[4];
  long ev[4];
  uint64_t bytes_in;
  uint64_t last_answer;
} c;

struct note { const char *name; long n; };
static struct note notes[8];

struct cpu_snap { uint64_t t; double self_s, self_user_s; long server_ticks, watch_ticks[4]; long long busy, soft; };
static struct cpu_snap snap0, snap1;
static int window_open;

uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int in_window(uint64_t now) { return now >= run.t_warm && now < run.t_end; }

int may_issue(uint64_t now) {
  if (run.stop || now >= run.t_end || run.issued >= run.max_requests) return 0;
  run.issued++;
  return 1;
}

static int bucket_of(uint64_t us) {
  if (us < LINEAR) return (int)us;
  int e = 63 - __builtin_clzll(us); /* >= 10 */
  if (e > 31) return BUCKETS - 1;
  return LINEAR + (e - 10) * (1 << SUB_BITS) + (int)((us >> (e - SUB_BITS)) & ((1 << SUB_BITS) - 1));
}

static double bucket_value(int b) {
  if (b < LINEAR) return b;
  int e = 10 + (b - LINEAR) / (1 << SUB_BITS), sub = (b - LINEAR) % (1 << SUB_BITS);
  double lo = (double)(1ULL << e) + (double)sub * (double)(1ULL << (e - SUB_BITS));
  return lo + (double)(1ULL << (e - SUB_BITS)) / 2; /* middle of the bucket */
}

static double percentile_ms(double p) {
  if (!lat_count) return 0;
  uint64_t rank = (uint64_t)(p / 100.0 * (double)(lat_count - 1)) + 1, seen = 0;
  for (int b = 0; b < BUCKETS; b++)
    if ((seen += hist[b]) >= rank) return bucket_value(b) / 1000.0;
  return (double)lat_max / 1000.0;
}

void stats_answer(uint64_t t_start, uint64_t now, enum outcome o, size_t bytes) {
  if (!in_window(now)) return;
  c.last_answer = now;
  c.bytes_in += bytes;
  if (o == OUT_OK) c.ok++;
  else if (o == OUT_NON2XX) c.non2xx++;
  else if (o == OUT_FAILURE) c.failure++;
  else c.bad_body++;
  uint64_t us = now - t_start;
  hist[bucket_of(us)]++;
  lat_count++;
  if (us > lat_max) lat_max = us;
}

void stats_event(enum event e, uint64_t now) {
  if (in_window(now)) c.ev[e]++;
}

void stats_error(enum err_kind k, uint64_t now) {
  if (in_window(now)) c.err[k]++;
}

void stats_note(const char *name, uint64_t now) {
  if (!in_window(now)) return;
  for (size_t i = 0; i < sizeof notes / sizeof *notes; i++) {
    if (!notes[i].name) notes[i].name = name;
    if (notes[i].name == name || strcmp(notes[i].name, name) == 0) {
      notes[i].n++;
      return;
    }
  }
}

long stats_ok(void) { return c.ok; }

/* utime + stime of a process, all threads, in clock ticks; -1 when it is gone. */
static long proc_ticks(int pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *p = strrchr(buf, ')'); /* the command name may hold spaces */
  unsigned long ut, st;
  if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
  return (long)(ut + st);
}

static long proc_rss_kb(int pid) {
  char path[64], line[256];
  long kb = -1;
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "VmRSS: %ld", &kb) == 1) break;
  fclose(f);
  return kb;
}

static void machine_ticks(long long *busy, long long *soft) {
  long long user = 0, nice = 0, sys = 0, idle, iow, irq = 0, sirq = 0;
  FILE *f = fopen("/proc/stat", "r");
  if (!f || fscanf(f, "cpu %lld %lld %lld %lld %lld %lld %lld", &user, &nice, &sys, &idle, &iow, &irq, &sirq) != 7)
    user = nice = sys = irq = sirq = 0;
  if (f) fclose(f);
  *busy = user + nice + sys;
  *soft = irq + sirq;
}

static void take_snap(struct cpu_snap *s, uint64_t now, const struct options *o) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  s->t = now;
  s->self_user_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
  s->self_s = s->self_user_s + (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  s->server_ticks = o->server_pid ? proc_ticks(o->server_pid) : 0;
  for (int i = 0; i < o->n_watch; i++) s->watch_ticks[i] = proc_ticks(o->watch_pid[i]);
  machine_ticks(&s->busy, &s->soft);
}

/* Opens the CPU window when the warm-up ends (called from the event loops). */
void stats_window_tick(uint64_t now, const struct options *o) {
  if (!window_open && now >= run.t_warm) {
    take_snap(&snap0, now, o);
    window_open = 1;
  }
}

/* CPU share of a process over the window, in % of one core; -1 if it was not there throughout. */
static double share(long t0, long t1, double hz, double secs) { return t0 < 0 || t1 < 0 ? -1 : 100 * (double)(t1 - t0) / hz / secs; }

static void print_process(const char *name, int pid, double pct) {
  long rss = proc_rss_kb(pid);
  printf(" %s_rss_kb=%ld %s_cpu_pct=%.0f", name, rss < 0 ? 0 : rss, name, pct < 0 ? 0 : pct);
  if (pct < 0) printf(" %s_gone=1", name);
}

static void print_cpu(const struct options *o, uint64_t t_stop) {
  take_snap(&snap1, t_stop, o);
  double secs = (double)(snap1.t - snap0.t) / 1e6, hz = (double)sysconf(_SC_CLK_TCK);
  if (secs <= 0) secs = 1e-6;
  double gen = 100 * (snap1.self_s - snap0.self_s) / secs;
  double gen_user = 100 * (snap1.self_user_s - snap0.self_user_s) / secs;
  double busy = 100 * (double)(snap1.busy - snap0.busy) / hz / secs;
  double soft = 100 * (double)(snap1.soft - snap0.soft) / hz / secs;
  double server = 0;
  if (o->server_pid) {
    server = share(snap0.server_ticks, snap1.server_ticks, hz, secs);
    print_process("server", o->server_pid, server);
    if (server < 0) server = 0;
  }
  for (int i = 0; i < o->n_watch; i++)
    print_process(o->watch_name[i], o->watch_pid[i], share(snap0.watch_ticks[i], snap1.watch_ticks[i], hz, secs));
  /* Watched processes stay in "other": they are reported, not presumed to be the server. */
  double other = busy - server - gen;
  /* gen_user_pct: the generator's own code; the rest of gen_cpu_pct is the kernel, which
   * over loopback includes work done for the server's end of each connection. */
  printf(" gen_cpu_pct=%.0f gen_user_pct=%.0f softirq_pct=%.0f other_cpu_pct=%.0f machine_busy_pct=%.0f", gen,
         gen_user, soft, other < 0 ? 0 : other, busy);
}

void stats_print(const struct options *o, const struct target *t, uint64_t t_stop) {
  /* A run that ran out of work (prefill done, request cap) ends at its last answer. */
  uint64_t end = t_stop < run.t_end ? t_stop : run.t_end;
  if ((run.prefill || run.issued >= run.max_requests) && c.last_answer) end = c.last_answer;
  double secs = end > run.t_warm ? (double)(end - run.t_warm) / 1e6 : 1e-6;
  long answered = c.ok + c.non2xx + c.failure + c.bad_body;
  int announce = o->mode == MODE_ANNOUNCE;
  printf("mode=%s%s proto=%s family=%s conns=%d keepalive=%d torrents=%ld ppt=%ld slots=%ld secs=%.2f reqs=%ld "
         "rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f 2xx=%ld non2xx=%ld failure_reason=%ld "
         "bad_body=%ld err_connect=%ld err_read=%ld err_write=%ld err_timeout=%ld",
         announce ? "announce" : "scrape", run.prefill ? "+prefill" : "", t->proto == PROTO_HTTP ? "http" : "udp",
         t->family == AF_INET6 ? "ipv6" : "ipv4", o->conns, t->proto == PROTO_HTTP && !o->close_each,
         model_torrents(), announce ? o->ppt : 0, announce ? model_slots() : 0, secs, answered,
         (double)answered / secs, percentile_ms(50), percentile_ms(90), percentile_ms(99), (double)lat_max / 1000.0,
         c.ok + c.failure + c.bad_body, c.non2xx, c.failure, c.bad_body, c.err[ERR_CONNECT], c.err[ERR_READ],
         c.err[ERR_WRITE], c.err[ERR_TIMEOUT]);
  for (size_t i = 0; i < sizeof notes / sizeof *notes && notes[i].name; i++) printf(" %s=%ld", notes[i].name, notes[i].n);
  if (announce)
    printf(" ev_started=%ld ev_none=%ld ev_completed=%ld ev_stopped=%ld", c.ev[EV_STARTED], c.ev[EV_NONE],
           c.ev[EV_COMPLETED], c.ev[EV_STOPPED]);
  printf(" kbytes_in=%.0f", (double)c.bytes_in / 1024);
  print_cpu(o, t_stop);
  printf("\n");
}
