// The benchmark's reference limit (bare_pass.h): reads a file (or standard input) in 1 MiB
// blocks and runs the bare pass over it, with no model. Prints the byte, line, token and
// token-byte counts.
//
//   c++ -O2 -o bare_pass bench/bare_pass.cc && ./bare_pass FILE
#include <cstdint>
#include <cstdio>

#include "bare_pass.h"

int main(int argc, char** argv) {
  std::FILE* in = argc > 1 ? std::fopen(argv[1], "rb") : stdin;
  if (in == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  static unsigned char buf[1 << 20];
  static BarePass pass;
  uint64_t bytes = 0;
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) {
    bytes += n;
    pass.Feed(buf, n);
  }
  pass.Finish();
  std::printf("%llu bytes, %llu lines, %llu tokens, %llu token bytes\n",
              static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(pass.lines),
              static_cast<unsigned long long>(pass.tokens),
              static_cast<unsigned long long>(pass.token_bytes));
  return 0;
}
