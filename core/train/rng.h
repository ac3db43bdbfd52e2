// A small deterministic random number generator for training (coordinate orders, fold
// assignment, test data). Its output is fully specified here, so a given seed yields the same
// sequence on every platform and standard library -- unlike std::uniform_int_distribution,
// std::shuffle or std::random_device, whose results are implementation-defined.
//
// Usage:
//   topica::train::Rng rng(options.seed);
//   std::vector<int32_t> order = ...;
//   rng.Shuffle(order);              // Fisher-Yates with unbiased bounded draws
//   uint32_t k = rng.Uniform(10);    // in [0, 10)
//
// Generator: xoshiro256** 1.0 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro256starstar.c)
// with its 256-bit state filled from the seed by SplitMix64 (https://prng.di.unimi.it/splitmix64.c),
// as the authors recommend. Bounded integers: Lemire (2019), "Fast random integer generation in
// an interval", ACM TOMACS 29(1) -- the nearly-divisionless rejection method, exactly unbiased.
// Not thread-safe: use one Rng per thread. Not for cryptography.
#ifndef TOPICA_TRAIN_RNG_H_
#define TOPICA_TRAIN_RNG_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace topica::train {

// One step of SplitMix64: advances *state and returns the next output.
inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  // Every seed (including 0) gives a valid, distinct stream: SplitMix64 never yields an
  // all-zero xoshiro state from four consecutive outputs.
  explicit Rng(uint64_t seed = 1) {
    uint64_t sm = seed;
    for (uint64_t& word : s_) word = SplitMix64(&sm);
  }

  // Next 64 uniformly distributed bits (xoshiro256**).
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Next 32 bits: the upper half of Next() (the better-mixed bits).
  uint32_t Next32() { return static_cast<uint32_t>(Next() >> 32); }

  // Uniform integer in [0, n), exactly unbiased (Lemire's method). Returns 0 when n == 0.
  uint32_t Uniform(uint32_t n) {
    if (n == 0) return 0;
    uint64_t m = static_cast<uint64_t>(Next32()) * n;
    uint32_t low = static_cast<uint32_t>(m);
    if (low < n) {
      const uint32_t threshold = (0u - n) % n;  // 2^32 mod n
      while (low < threshold) {
        m = static_cast<uint64_t>(Next32()) * n;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

  // Uniform double in [0, 1) with 53 random bits.
  double UniformDouble() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Fisher-Yates shuffle of the first `count` elements of `v` (count is clamped to v.size());
  // the rest is left in place. Every permutation of the prefix is equally likely.
  void ShufflePrefix(std::vector<int32_t>& v, size_t count) {
    if (count > v.size()) count = v.size();
    // Sizes above 2^32 cannot occur for int32_t indices of a SparseMatrix; clamp anyway so the
    // draw below stays in range.
    if (count > 0xffffffffULL) count = 0xffffffffULL;
    for (size_t i = count; i > 1; --i) {
      const size_t j = Uniform(static_cast<uint32_t>(i));
      std::swap(v[i - 1], v[j]);
    }
  }

  // Fisher-Yates shuffle of the whole vector.
  void Shuffle(std::vector<int32_t>& v) { ShufflePrefix(v, v.size()); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t s_[4];
};

}  // namespace topica::train

#endif  // TOPICA_TRAIN_RNG_H_
