/*
 * Differential oracle: reads "A<TAB>B" lines on stdin and prints, per line, the sign of libdpkg's
 * dpkg_version_compare(A, B) (the code behind `dpkg --compare-versions`), or "E" when parseversion()
 * reports an error (dpkg's CLI refuses such a version; warnings are accepted as the CLI does).
 * Build: cc dpkg-vercmp.c $(pkg-config --cflags --libs libdpkg) (Debian package libdpkg-dev).
 */
#define LIBDPKG_VOLATILE_API 1
#include <stdio.h>
#include <string.h>
#include <dpkg/dpkg.h>
#include <dpkg/error.h>
#include <dpkg/version.h>
#include <dpkg/dpkg-db.h>

static int parse(struct dpkg_version *v, const char *s) {
  struct dpkg_error err = DPKG_ERROR_INIT;
  int rc = parseversion(v, s, &err);
  int bad = rc < 0 && err.type == DPKG_MSG_ERROR;
  dpkg_error_destroy(&err);
  return bad ? -1 : 0;
}

int main(void) {
  static char line[65536];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = '\0';
    char *tab = strchr(line, '\t');
    if (!tab) { puts("E"); continue; }
    *tab = '\0';
    struct dpkg_version a, b;
    if (parse(&a, line) < 0 || parse(&b, tab + 1) < 0) { puts("E"); continue; }
    int r = dpkg_version_compare(&a, &b);
    puts(r < 0 ? "-1" : r > 0 ? "1" : "0");
  }
  return 0;
}
