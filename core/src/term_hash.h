// Term keys: how a word n-gram or character n-gram becomes a 64-bit key. Pinned, byte-level
// rules (models/README.md, "Feature keys"); changing anything here changes every model.
//
//   poly(s)  = sum over the bytes b_i of s of (b_i + 1) * P^(len-1-i)   (mod 2^64), P below
//   key(s)   = fmix64(poly(s))                (MurmurHash3's 64-bit finaliser)
//   bucket   = key(s) mod hash_buckets        (hashing mode)
// where s is the term as written in a model's vocabulary: a word n-gram is its tokens joined
// by one space; a character n-gram is "#" followed by the n-gram of "<token>". The polynomial
// form lets an n-gram's hash be assembled from its tokens' hashes without rehashing bytes.
#ifndef TOPICA_SRC_TERM_HASH_H_
#define TOPICA_SRC_TERM_HASH_H_

#include <cstdint>
#include <string_view>

namespace topica::internal {

inline constexpr uint64_t kPolyPrime = 0x100000001b3ULL;

inline uint64_t Fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// Polynomial hash of a byte string with the power P^len needed to append to it.
struct PolyHash {
  uint64_t h = 0;
  uint64_t pw = 1;

  void Add(uint8_t byte) {
    h = h * kPolyPrime + (static_cast<uint64_t>(byte) + 1);
    pw *= kPolyPrime;
  }
  void Add(std::string_view bytes) {
    for (char c : bytes) Add(static_cast<uint8_t>(c));
  }
  // Hash of this string followed by `next`.
  PolyHash Then(const PolyHash& next) const { return {h * next.pw + next.h, pw * next.pw}; }
};

inline uint64_t TermKey(std::string_view term) {
  PolyHash p;
  p.Add(term);
  return Fmix64(p.h);
}

}  // namespace topica::internal

#endif  // TOPICA_SRC_TERM_HASH_H_
