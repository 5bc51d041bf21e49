/* The request model. Slot s (0 <= s < torrents * ppt) is one peer: torrent s mod T, port
 * 1025 + s div T (every request comes from the loopback address, so the port is what makes
 * peers distinct), passkey s mod (number of passkeys). A quarter of the slots are seeders.
 * In the measured phase a random slot announces: "started" if it is not in the swarm,
 * otherwise 1% "stopped", 1% "completed" (leechers only), the rest no event. Everything a
 * slot sends except its counters derives from s, so a rerun sends the same peers. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loadgen.h"

/* 700 MiB: small enough that "left" fits in a signed 32-bit int (some trackers parse int). */
#define TORRENT_BYTES 734003200ULL
#define PIECE 16384ULL

enum slot_state { ABSENT = 0, LEECHER = 1, SEEDER = 2 };

static struct {
  long torrents, ppt, slots;
  uint8_t (*hash)[20];
  char (*hash_pct)[61];
  long n_hashes;
  char **passkey;
  long n_passkeys;
  uint8_t *state;
  long prefill_next;
  uint64_t rng, rng_inc;
} m;

/* PCG32 (O'Neill): small state, good enough statistics for picking slots. */
uint32_t model_random32(void) {
  uint64_t old = m.rng;
  m.rng = old * 6364136223846793005ULL + m.rng_inc;
  uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
  uint32_t rot = (uint32_t)(old >> 59);
  return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
}

static uint64_t random64(void) { return ((uint64_t)model_random32() << 32) | model_random32(); }

/* A uniform value in [0, n) for n < 2^32 (multiply-shift, bias below 2^-32 * n). */
static long random_below(long n) { return (long)(((uint64_t)model_random32() * (uint64_t)n) >> 32); }

/* MurmurHash3's 64-bit finalizer: spreads consecutive slot numbers over all bits. */
static uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

static uint64_t slot_bits(long s, uint64_t salt) { return fmix64((uint64_t)s * 0x100000001b3ULL + salt); }
static int slot_seeds(long s) { return (slot_bits(s, 7) & 3) == 0; }

static int hex_nibble(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void pct_encode(char *out, const uint8_t *b, int n) {
  static const char digits[] = "0123456789ABCDEF";
  for (int i = 0; i < n; i++) {
    *out++ = '%';
    *out++ = digits[b[i] >> 4];
    *out++ = digits[b[i] & 15];
  }
  *out = 0;
}

static void *xrealloc(void *p, size_t bytes) {
  void *q = realloc(p, bytes);
  if (!q) fatal("out of memory");
  return q;
}

/* One info_hash per line, 40 hex digits; blank lines are skipped, anything else is refused. */
static void load_hashes(const char *file) {
  FILE *f = fopen(file, "r");
  if (!f) fatal("cannot open the hashes file %s", file);
  char line[256];
  long cap = 0, lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    line[strcspn(line, "\r\n")] = 0;
    if (!line[0]) continue;
    if (strlen(line) != 40) fatal("%s:%ld: not 40 hex digits", file, lineno);
    if (m.n_hashes == cap) {
      cap = cap ? cap * 2 : 1024;
      m.hash = xrealloc(m.hash, (size_t)cap * sizeof *m.hash);
      m.hash_pct = xrealloc(m.hash_pct, (size_t)cap * sizeof *m.hash_pct);
    }
    for (int i = 0; i < 20; i++) {
      int hi = hex_nibble(line[2 * i]), lo = hex_nibble(line[2 * i + 1]);
      if (hi < 0 || lo < 0) fatal("%s:%ld: not 40 hex digits", file, lineno);
      m.hash[m.n_hashes][i] = (uint8_t)(hi << 4 | lo);
    }
    pct_encode(m.hash_pct[m.n_hashes], m.hash[m.n_hashes], 20);
    m.n_hashes++;
  }
  fclose(f);
  if (m.n_hashes == 0) fatal("no info_hashes in %s", file);
}

/* Passkeys go into URLs unescaped, so only URL-safe characters are accepted. */
static void load_passkeys(const char *file) {
  FILE *f = fopen(file, "r");
  if (!f) fatal("cannot open the passkeys file %s", file);
  char line[256];
  long cap = 0, lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    line[strcspn(line, "\r\n")] = 0;
    if (!line[0]) continue;
    if (strspn(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") != strlen(line))
      fatal("%s:%ld: a passkey may hold only letters, digits and -._~", file, lineno);
    if (m.n_passkeys == cap) {
      cap = cap ? cap * 2 : 1024;
      m.passkey = xrealloc(m.passkey, (size_t)cap * sizeof *m.passkey);
    }
    if (!(m.passkey[m.n_passkeys++] = strdup(line))) fatal("out of memory");
  }
  fclose(f);
  if (m.n_passkeys == 0) fatal("no passkeys in %s", file);
}

void model_init(const struct options *o) {
  load_hashes(o->hashes_file);
  if (o->passkeys_file) load_passkeys(o->passkeys_file);
  if (o->torrents > m.n_hashes) fatal("--torrents %ld, but %s holds %ld info_hashes", o->torrents, o->hashes_file, m.n_hashes);
  m.torrents = o->torrents ? o->torrents : m.n_hashes;
  m.ppt = o->ppt;
  m.slots = m.torrents * m.ppt;
  if (m.slots > 100000000L) fatal("torrents x ppt must stay under 100,000,000 slots");
  if (1025 + (m.slots - 1) / m.torrents > 65535) fatal("--ppt too large: ports run out above 65535");
  m.rng_inc = (fmix64(o->seed ^ 0xda3e39cb94b95bdbULL) << 1) | 1;
  m.rng = fmix64(o->seed) + m.rng_inc;
  if (!(m.state = calloc((size_t)m.slots, 1))) fatal("out of memory");
  /* A measured run normally follows a prefill: every slot is in the swarm already. */
  if (!o->prefill && !o->fresh)
    for (long s = 0; s < m.slots; s++) m.state[s] = slot_seeds(s) ? SEEDER : LEECHER;
}

long model_torrents(void) { return m.torrents; }
long model_slots(void) { return m.slots; }
const uint8_t *model_hash(long t) { return m.hash[t]; }
const char *model_hash_pct(long t) { return m.hash_pct[t]; }
long model_random_torrent(void) { return random_below(m.torrents); }

const char *model_passkey(long slot) {
  if (!m.n_passkeys) return NULL;
  return m.passkey[(slot < 0 ? random_below(m.n_passkeys) : slot) % m.n_passkeys];
}

static enum event pick_event(long s) {
  uint32_t r = model_random32() % 100;
  if (m.state[s] == ABSENT) return EV_STARTED;
  if (r == 0) return EV_STOPPED;
  if (r == 1 && m.state[s] == LEECHER) return EV_COMPLETED;
  return EV_NONE;
}

/* Whether the slot announces as a seeder (left=0), then the state the tracker will hold. */
static int apply_event(long s, enum event e) {
  int seeding = m.state[s] == SEEDER;
  if (e == EV_STARTED) m.state[s] = (seeding = slot_seeds(s)) ? SEEDER : LEECHER;
  else if (e == EV_STOPPED) m.state[s] = ABSENT;
  else if (e == EV_COMPLETED) m.state[s] = (seeding = 1, SEEDER);
  return seeding;
}

static void fill_announce(long s, enum event e, int seeding, struct announce *a) {
  uint64_t id = slot_bits(s, 1);
  a->slot = s;
  a->torrent = s % m.torrents;
  a->port = (int)(1025 + s / m.torrents);
  a->event = e;
  memcpy(a->peer_id, "-LG0001-", 8);
  for (int i = 0; i < 8; i++) a->peer_id[8 + i] = (uint8_t)(id >> (8 * i));
  for (int i = 0; i < 4; i++) a->peer_id[16 + i] = (uint8_t)((uint64_t)s >> (24 - 8 * i)); /* unique per slot */
  a->key = (uint32_t)slot_bits(s, 2);
  a->left = seeding ? 0 : TORRENT_BYTES - (1 + slot_bits(s, 3) % 4000) * PIECE;
  a->downloaded = TORRENT_BYTES - a->left;
  a->uploaded = (random64() % 50000) * PIECE;
}

int model_next_announce(int prefill, struct announce *a) {
  long s;
  enum event e;
  if (prefill) {
    if (m.prefill_next >= m.slots) return 0;
    s = m.prefill_next++;
    e = EV_STARTED;
  } else {
    s = random_below(m.slots);
    e = pick_event(s);
  }
  fill_announce(s, e, apply_event(s, e), a);
  return 1;
}
