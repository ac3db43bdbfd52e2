// Checks fast_strtoint.cc against the real (musl) strtoll and strtoull in the same wasm build:
// the same value, errno and end pointer for edge cases (signs, 17-20 digits, the int64 and
// uint64 limits and one past them, whitespace, '+', empty, other bases) and ~200,000 generated
// integers of every length. Exit status 0 and one summary line on success.
// Run: node build-wasm/wasm/topica_strtoint_check.cjs   (tests/wasm/strtod.test.mjs does)
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

extern "C" long long __real_strtoll(const char* s, char** end, int base);
extern "C" long long __wrap_strtoll(const char* s, char** end, int base);
extern "C" unsigned long long __real_strtoull(const char* s, char** end, int base);
extern "C" unsigned long long __wrap_strtoull(const char* s, char** end, int base);

namespace {

uint64_t rng_state = 0x9E3779B97F4A7C15ull;
uint64_t Next() {  // xorshift64*
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}

long checked = 0, mismatches = 0;

template <typename T>
void Compare(const char* what, const std::string& s, int base, T (*real)(const char*, char**, int),
             T (*fast)(const char*, char**, int)) {
  char* end_real = nullptr;
  char* end_fast = nullptr;
  errno = 0;
  const T a = real(s.c_str(), &end_real, base);
  const int errno_real = errno;
  errno = 0;
  const T b = fast(s.c_str(), &end_fast, base);
  const int errno_fast = errno;
  ++checked;
  if (a != b || end_real != end_fast || errno_real != errno_fast) {
    if (++mismatches <= 20) {
      std::printf("mismatch %s(\"%s\", %d): real %lld end +%d errno %d, fast %lld end +%d errno %d\n",
                  what, s.c_str(), base, static_cast<long long>(a),
                  static_cast<int>(end_real - s.c_str()), errno_real, static_cast<long long>(b),
                  static_cast<int>(end_fast - s.c_str()), errno_fast);
    }
  }
}

void Check(const std::string& s, int base = 10) {
  Compare("strtoll", s, base, __real_strtoll, __wrap_strtoll);
  Compare("strtoull", s, base, __real_strtoull, __wrap_strtoull);
}

}  // namespace

int main() {
  const char* edge[] = {"0", "-0", "7", "-7", "42,", "123]", "00012", "-00012", "", "-", "+5",
                        " 5", "\t-5", "x", "0x1F", "12e3", "1.5",
                        "99999999999999999", "999999999999999999", "9999999999999999999",
                        "99999999999999999999", "-999999999999999999", "-9999999999999999999",
                        "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                        "-9223372036854775809", "18446744073709551615", "18446744073709551616",
                        "123456789012345678901234567890", "000000000000000000000001"};
  for (const char* s : edge) Check(s);
  Check("777", 8);
  Check("ff", 16);
  Check("12", 0);
  for (int i = 0; i < 100000; ++i) {
    const int digits = 1 + static_cast<int>(Next() % 21);
    std::string s = Next() % 2 ? "-" : "";
    for (int d = 0; d < digits; ++d) s.push_back(static_cast<char>('0' + Next() % 10));
    if (Next() % 4 == 0) s.push_back(",]} "[Next() % 4]);
    Check(s);
  }
  std::printf("strtoll/strtoull: %ld checked, %ld mismatches\n", checked, mismatches);
  return mismatches == 0 ? 0 : 1;
}
