// KeyCounter: counts of 64-bit keys in a flat open-addressing table. Counting the document
// frequency of millions of n-gram keys is a hot loop of training; std::unordered_map spends
// most of its time allocating nodes.
#ifndef TOPICA_TRAIN_KEY_COUNTER_H_
#define TOPICA_TRAIN_KEY_COUNTER_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace topica::train {

class KeyCounter {
 public:
  KeyCounter() { Rehash(1 << 16); }

  // Adds one to the count of `key`. `first` is stored with a key when it is first seen (e.g.
  // the document it first occurs in) and never changed after.
  void Increment(uint64_t key, int32_t first = 0) {
    size_t i = Slot(key);
    while (counts_[i] != 0) {
      if (keys_[i] == key) {
        ++counts_[i];
        return;
      }
      i = (i + 1) & mask_;
    }
    keys_[i] = key;
    counts_[i] = 1;
    firsts_[i] = first;
    if (++size_ * 2 > keys_.size()) Rehash(keys_.size() * 2);
  }

  // A hint that `key` will be incremented soon: the table is far larger than the caches, so
  // every increment is a miss unless its slot is fetched ahead. Changes nothing else.
  void Prefetch(uint64_t key) const {
#if defined(__GNUC__) || defined(__clang__)
    const size_t i = Slot(key);
    __builtin_prefetch(keys_.data() + i);
    __builtin_prefetch(counts_.data() + i);
#else
    (void)key;
#endif
  }

  size_t size() const { return size_; }

  // Calls fn(key, count, first) for every key, in table order.
  template <class Fn>
  void ForEach(Fn&& fn) const {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (counts_[i] != 0) fn(keys_[i], counts_[i], firsts_[i]);
    }
  }

 private:
  size_t Slot(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void Rehash(size_t capacity) {
    std::vector<uint64_t> keys(capacity, 0);
    std::vector<int32_t> counts(capacity, 0);
    std::vector<int32_t> firsts(capacity, 0);
    std::swap(keys, keys_);
    std::swap(counts, counts_);
    std::swap(firsts, firsts_);
    mask_ = capacity - 1;
    shift_ = 64;
    for (size_t c = capacity; c > 1; c >>= 1) --shift_;
    for (size_t i = 0; i < keys.size(); ++i) {
      if (counts[i] == 0) continue;
      size_t j = Slot(keys[i]);
      while (counts_[j] != 0) j = (j + 1) & mask_;
      keys_[j] = keys[i];
      counts_[j] = counts[i];
      firsts_[j] = firsts[i];
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<int32_t> counts_;  // 0 = empty slot
  std::vector<int32_t> firsts_;
  size_t mask_ = 0;
  uint32_t shift_ = 64;
  size_t size_ = 0;
};

}  // namespace topica::train

#endif  // TOPICA_TRAIN_KEY_COUNTER_H_
