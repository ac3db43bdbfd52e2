// A fast path for strtod() in the WebAssembly build, linked with -Wl,--wrap=strtod.
//
// Why: nlohmann/json converts every number of a model file with std::strtod. Emscripten's libc
// (musl) implements strtod with `long double` arithmetic, which on wasm32 is software-emulated
// 128-bit floating point (__multf3, __addtf3, fmodl): loading a 5 MB model took ~1.8 s in Node,
// against ~0.2 s natively, almost all of it in strtod (measured with --profiling-funcs).
//
// What: Clinger's exact fast path. When a decimal number's significand fits in 53 bits
// (here: at most 15 digits, always true for the shortest float representations topica writes)
// and its power of ten is at most 22 in magnitude, both the significand and 10^|e| are exact
// doubles, so one IEEE multiplication or division gives the correctly rounded result, the same
// double as any correct strtod. Everything else (more digits, larger exponents, whitespace,
// hex, inf/nan, ...) goes to the real strtod, unchanged. The parity test compares the scores
// of native and WASM builds on the same models, so a wrong conversion would show there.
#include <cstdint>
#include <cstdlib>

extern "C" {
double __real_strtod(const char* s, char** end);

double __wrap_strtod(const char* s, char** end) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* p = s;
  const bool negative = *p == '-';
  if (negative) ++p;
  uint64_t digits = 0;
  int significant = 0;  // digits accumulated, leading zeros excluded
  int exp10 = 0;
  bool any = false;
  for (; *p >= '0' && *p <= '9'; ++p, any = true) {
    if (digits != 0 || *p != '0') {
      digits = digits * 10 + static_cast<uint64_t>(*p - '0');
      ++significant;
    }
  }
  if (*p == 'x' || *p == 'X') return __real_strtod(s, end);  // hexadecimal: not ours
  if (*p == '.') {
    ++p;
    for (; *p >= '0' && *p <= '9'; ++p, any = true) {
      if (digits != 0 || *p != '0') {
        digits = digits * 10 + static_cast<uint64_t>(*p - '0');
        ++significant;
      }
      --exp10;
    }
  }
  if (!any || significant > 15) return __real_strtod(s, end);
  if (*p == 'e' || *p == 'E') {
    const char* q = p + 1;
    const bool exp_negative = *q == '-';
    if (*q == '+' || *q == '-') ++q;
    if (*q < '0' || *q > '9') return __real_strtod(s, end);
    int e = 0;
    for (; *q >= '0' && *q <= '9'; ++q) {
      if (e > 10000) return __real_strtod(s, end);
      e = e * 10 + (*q - '0');
    }
    exp10 += exp_negative ? -e : e;
    p = q;
  }
  if (exp10 < -22 || exp10 > 22) {
    if (digits != 0) return __real_strtod(s, end);
    exp10 = 0;  // zero with any exponent is zero
  }
  double value = static_cast<double>(digits);  // exact: digits < 10^15 < 2^53
  value = exp10 < 0 ? value / kPow10[-exp10] : value * kPow10[exp10];
  if (end != nullptr) *end = const_cast<char*>(p);
  return negative ? -value : value;
}
}
