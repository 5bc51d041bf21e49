/* loadgen: the project's load generator for BitTorrent trackers (HTTP and UDP), loopback only.
 * Usage and the request model: tools/bench/README.md ("The load generator"); `loadgen --help`.
 * Prints one summary line of key=value pairs on stdout; exits 0 when at least one request
 * was answered without error, 1 when none was, 2 on a usage error. */
#define _GNU_SOURCE
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "loadgen.h"

static const char usage[] =
    "usage: loadgen [options] URL\n"
    "  URL                http://127.0.0.1:PORT/announce, http://[::1]:PORT/..., udp://127.0.0.1:PORT[/path];\n"
    "                     {passkey} in the path takes a passkey from --passkeys (slot s: line s mod count)\n"
    "  --mode M           announce (default) or scrape (HTTP: the last /announce segment becomes /scrape)\n"
    "  --hashes FILE      info_hashes, 40 hex per line (required)\n"
    "  --torrents N       use the first N hashes (default: all)\n"
    "  --ppt N            peers per torrent (default 10)\n"
    "  --conns N          HTTP connections or UDP requests in flight (default 64)\n"
    "  --secs S           measured seconds (default 20)\n"
    "  --warmup S         seconds before measuring (default 2)\n"
    "  --max-requests N   stop after N requests (default 20000000)\n"
    "  --close            HTTP: send Connection: close, a new connection per request\n"
    "  --numwant N        (default 50)\n"
    "  --scrape-n N       info_hashes per scrape (default 1, at most 74)\n"
    "  --passkeys FILE    passkeys for {passkey}, one per line\n"
    "  --prefill          announce every slot once (event=started), unmeasured order, then stop\n"
    "  --prefill-secs S   bound of a prefill (default 300)\n"
    "  --fresh            measured run: assume no slot is in the swarm yet\n"
    "  --timeout-ms N     a request fails after N ms (default 5000)\n"
    "  --retry-ms N       UDP: resend after N ms without an answer (default 1000)\n"
    "  --seed N           random seed (default 1)\n"
    "  --server-pid PID   report that process's CPU share and RSS over the measured window\n"
    "  --watch NAME=PID   the same for another process (up to 4), as NAME_cpu_pct and NAME_rss_kb\n";

void fatal(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("loadgen: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static double number(const char *name, const char *s, double lo, double hi) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || v < lo || v > hi) fatal("%s must be a number in [%g, %g], not %s", name, lo, hi, s);
  return v;
}

/* NAME=PID, NAME in [a-z0-9_] so that NAME_cpu_pct stays one key. */
static void add_watch(struct options *o, char *arg) {
  char *eq = strchr(arg, '=');
  if (o->n_watch == 4) fatal("at most 4 --watch");
  if (!eq || eq == arg || strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789_") != (size_t)(eq - arg))
    fatal("--watch takes NAME=PID, NAME of a-z, 0-9 and _: %s", arg);
  *eq = 0;
  o->watch_pid[o->n_watch] = (int)number("--watch PID", eq + 1, 1, 1e9);
  o->watch_name[o->n_watch++] = arg;
}

static void parse_options(int argc, char **argv, struct options *o) {
  enum { O_MODE = 256, O_HASHES, O_TORRENTS, O_PPT, O_CONNS, O_SECS, O_WARMUP, O_MAX, O_CLOSE, O_NUMWANT,
         O_SCRAPEN, O_PASSKEYS, O_PREFILL, O_PREFILL_SECS, O_FRESH, O_TIMEOUT, O_RETRY, O_SEED, O_PID, O_WATCH, O_HELP };
  static const struct option longs[] = {
      {"mode", 1, 0, O_MODE}, {"hashes", 1, 0, O_HASHES}, {"torrents", 1, 0, O_TORRENTS}, {"ppt", 1, 0, O_PPT},
      {"conns", 1, 0, O_CONNS}, {"secs", 1, 0, O_SECS}, {"warmup", 1, 0, O_WARMUP}, {"max-requests", 1, 0, O_MAX},
      {"close", 0, 0, O_CLOSE}, {"numwant", 1, 0, O_NUMWANT}, {"scrape-n", 1, 0, O_SCRAPEN},
      {"passkeys", 1, 0, O_PASSKEYS}, {"prefill", 0, 0, O_PREFILL}, {"prefill-secs", 1, 0, O_PREFILL_SECS},
      {"fresh", 0, 0, O_FRESH}, {"timeout-ms", 1, 0, O_TIMEOUT}, {"retry-ms", 1, 0, O_RETRY},
      {"seed", 1, 0, O_SEED}, {"server-pid", 1, 0, O_PID}, {"watch", 1, 0, O_WATCH}, {"help", 0, 0, O_HELP}, {0, 0, 0, 0}};
  *o = (struct options){.mode = MODE_ANNOUNCE, .conns = 64, .secs = 20, .warmup = 2, .prefill_secs = 300,
                        .max_requests = 20000000, .ppt = 10, .numwant = 50, .scrape_n = 1, .timeout_ms = 5000,
                        .retry_ms = 1000, .seed = 1};
  int c;
  while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
    char *a = optarg;
    switch (c) {
      case O_MODE:
        if (strcmp(a, "announce") && strcmp(a, "scrape")) fatal("--mode must be announce or scrape");
        o->mode = strcmp(a, "announce") ? MODE_SCRAPE : MODE_ANNOUNCE;
        break;
      case O_HASHES: o->hashes_file = a; break;
      case O_TORRENTS: o->torrents = (long)number("--torrents", a, 1, 1e8); break;
      case O_PPT: o->ppt = (long)number("--ppt", a, 1, 64511); break;
      case O_CONNS: o->conns = (int)number("--conns", a, 1, 10000); break;
      case O_SECS: o->secs = number("--secs", a, 0.1, 600); break;
      case O_WARMUP: o->warmup = number("--warmup", a, 0, 600); break;
      case O_MAX: o->max_requests = (long)number("--max-requests", a, 1, 1e9); break;
      case O_CLOSE: o->close_each = 1; break;
      case O_NUMWANT: o->numwant = (int)number("--numwant", a, 0, 1000); break;
      case O_SCRAPEN: o->scrape_n = (int)number("--scrape-n", a, 1, 74); break;
      case O_PASSKEYS: o->passkeys_file = a; break;
      case O_PREFILL: o->prefill = 1; break;
      case O_PREFILL_SECS: o->prefill_secs = number("--prefill-secs", a, 1, 3600); break;
      case O_FRESH: o->fresh = 1; break;
      case O_TIMEOUT: o->timeout_ms = (long)number("--timeout-ms", a, 1, 60000); break;
      case O_RETRY: o->retry_ms = (long)number("--retry-ms", a, 1, 60000); break;
      case O_SEED: o->seed = (uint64_t)number("--seed", a, 0, 1e15); break;
      case O_PID: o->server_pid = (int)number("--server-pid", a, 1, 1e9); break;
      case O_WATCH: add_watch(o, a); break;
      case O_HELP: fputs(usage, stdout); exit(0);
      default: fputs(usage, stderr); exit(2);
    }
  }
  if (optind != argc - 1) fatal("one URL expected (see --help)");
  o->url = argv[optind];
  if (!o->hashes_file) fatal("--hashes FILE is required");
  if (o->secs + o->warmup > 600) fatal("--secs plus --warmup must stay within 600 s");
  if (o->prefill && o->mode != MODE_ANNOUNCE) fatal("--prefill announces: it takes --mode announce");
}

/* One descriptor per connection or UDP slot, plus a few. */
static void ensure_fd_limit(int conns) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= (rlim_t)conns + 32) return;
  rl.rlim_cur = rl.rlim_max < (rlim_t)conns + 32 ? rl.rlim_max : (rlim_t)conns + 32;
  setrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < (rlim_t)conns + 32) fatal("--conns %d exceeds the open-file limit", conns);
}

static void on_signal(int sig) {
  (void)sig;
  run.stop = 1;
}

int main(int argc, char **argv) {
  struct options o;
  struct target t;
  char err[256];
  parse_options(argc, argv, &o);
  if (target_parse(o.url, o.mode, &t, err, sizeof err) < 0) fatal("%s", err);
  if (t.has_passkey && !o.passkeys_file) fatal("{passkey} in the URL needs --passkeys FILE");
  model_init(&o);
  ensure_fd_limit(o.conns);
  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa = {.sa_handler = on_signal};
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  run.prefill = o.prefill;
  run.max_requests = o.prefill && model_slots() < o.max_requests ? model_slots() : o.max_requests;
  run.t0 = now_us();
  run.t_warm = run.t0 + (uint64_t)((o.prefill ? 0 : o.warmup) * 1e6);
  run.t_end = run.t0 + (uint64_t)((o.prefill ? o.prefill_secs : o.warmup + o.secs) * 1e6);
  uint64_t t_stop = t.proto == PROTO_HTTP ? http_run(&o, &t) : udp_run(&o, &t);
  stats_print(&o, &t, t_stop);
  fflush(stdout);
  if (run.stop) return 130;
  return stats_ok() > 0 ? 0 : 1;
}
