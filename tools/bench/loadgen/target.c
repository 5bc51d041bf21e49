/* The target URL: http://HOST:PORT/path or udp://HOST:PORT[/path], HOST a loopback address.
 * The benchmark must never load another machine, so anything but 127.0.0.0/8, ::1 and
 * "localhost" is refused here, before any socket exists. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loadgen.h"

static int set_error(char *err, size_t len, const char *msg, const char *arg) {
  snprintf(err, len, msg, arg);
  return -1;
}

/* "[::1]:6969" or "127.0.0.1:6969" -> address, port and Host header; -1 if not loopback. */
static int parse_authority(const char *auth, struct target *t, char *err, size_t errlen) {
  char host[64];
  const char *port_at;
  if (auth[0] == '[') {
    const char *close = strchr(auth, ']');
    if (!close || (size_t)(close - auth - 1) >= sizeof host) return set_error(err, errlen, "bad host in %s", auth);
    snprintf(host, sizeof host, "%.*s", (int)(close - auth - 1), auth + 1);
    port_at = close[1] == ':' ? close + 2 : NULL;
  } else {
    const char *colon = strchr(auth, ':');
    size_t n = colon ? (size_t)(colon - auth) : strlen(auth);
    if (n == 0 || n >= sizeof host) return set_error(err, errlen, "bad host in %s", auth);
    snprintf(host, sizeof host, "%.*s", (int)n, auth);
    port_at = colon ? colon + 1 : NULL;
  }
  char *end = NULL;
  long port = port_at ? strtol(port_at, &end, 10) : (t->proto == PROTO_HTTP ? 80 : -1);
  if (port < 1 || port > 65535 || (end && *end)) return set_error(err, errlen, "bad or missing port in %s", auth);

  memset(&t->addr, 0, sizeof t->addr);
  struct sockaddr_in *v4 = (struct sockaddr_in *)&t->addr;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&t->addr;
  const char *numeric = strcmp(host, "localhost") == 0 ? "127.0.0.1" : host;
  if (inet_pton(AF_INET, numeric, &v4->sin_addr) == 1) {
    if ((ntohl(v4->sin_addr.s_addr) >> 24) != 127) goto refuse;
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    t->family = AF_INET;
    t->addr_len = sizeof *v4;
  } else if (inet_pton(AF_INET6, numeric, &v6->sin6_addr) == 1) {
    if (!IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) goto refuse;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    t->family = AF_INET6;
    t->addr_len = sizeof *v6;
  } else {
    goto refuse;
  }
  snprintf(t->host_header, sizeof t->host_header, t->family == AF_INET6 ? "[%s]:%ld" : "%s:%ld", numeric, port);
  return 0;
refuse:
  return set_error(err, errlen, "refusing %s: only loopback targets (127.0.0.0/8, ::1, localhost)", host);
}

/* BEP 48: the scrape URL is the announce URL with its last "announce" segment renamed. */
static int scrape_path(char *path, size_t cap) {
  char *q = strchr(path, '?');
  size_t plen = q ? (size_t)(q - path) : strlen(path);
  char *seg = NULL;
  for (char *p = path; p + 9 <= path + plen; p++)
    if (p[0] == '/' && strncmp(p + 1, "announce", 8) == 0) seg = p + 1;
  if (!seg || strlen(path) + 1 > cap) return -1;
  memmove(seg + 6, seg + 8, strlen(seg + 8) + 1); /* "announce" -> "scrape" */
  memcpy(seg, "scrape", 6);
  return 0;
}

static int split_passkey(const char *path, struct target *t, char *err, size_t errlen) {
  const char *pk = strstr(path, "{passkey}");
  size_t head = pk ? (size_t)(pk - path) : strlen(path);
  if (head >= sizeof t->path_head || (pk && strlen(pk + 9) >= sizeof t->path_tail))
    return set_error(err, errlen, "path too long: %s", path);
  snprintf(t->path_head, sizeof t->path_head, "%.*s", (int)head, path);
  snprintf(t->path_tail, sizeof t->path_tail, "%s", pk ? pk + 9 : "");
  t->has_passkey = pk != NULL;
  t->has_query = strchr(path, '?') != NULL;
  return 0;
}

int target_parse(const char *url, enum mode mode, struct target *t, char *err, size_t errlen) {
  memset(t, 0, sizeof *t);
  const char *rest;
  if (strncmp(url, "http://", 7) == 0) {
    t->proto = PROTO_HTTP;
    rest = url + 7;
  } else if (strncmp(url, "udp://", 6) == 0) {
    t->proto = PROTO_UDP;
    rest = url + 6;
  } else {
    return set_error(err, errlen, "the URL must start with http:// or udp://: %s", url);
  }
  const char *slash = strchr(rest, '/');
  char auth[128], path[1024];
  size_t alen = slash ? (size_t)(slash - rest) : strlen(rest);
  if (alen >= sizeof auth) return set_error(err, errlen, "host too long in %s", url);
  snprintf(auth, sizeof auth, "%.*s", (int)alen, rest);
  if (parse_authority(auth, t, err, errlen) < 0) return -1;
  snprintf(path, sizeof path, "%s", slash ? slash : (t->proto == PROTO_HTTP ? "/" : ""));
  if (mode == MODE_SCRAPE && t->proto == PROTO_HTTP && scrape_path(path, sizeof path) < 0)
    return set_error(err, errlen, "scrape needs an announce URL (a path segment starting with announce): %s", url);
  return split_passkey(path, t, err, errlen);
}
