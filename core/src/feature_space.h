// FeatureSpace: term keys -> feature ids -> an L2-normalised tf-idf vector.
//
//   tf(t)     = occurrences of term t in the text; with sublinear_tf, 1 + ln(tf)
//   x(t)      = tf(t) * idf(t)            (idf stored in the model; smoothed at training:
//                                          ln((1 + n) / (1 + df)) + 1)
//   x         = x / ||x||_2               (terms not in the model are ignored)
#ifndef TOPICA_SRC_FEATURE_SPACE_H_
#define TOPICA_SRC_FEATURE_SPACE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/SparseCore>

#include "model.h"
#include "term_extractor.h"
#include "topica/status.h"

namespace topica::internal {

using SparseVec = Eigen::SparseVector<float, Eigen::ColMajor, int32_t>;

// Open-addressing map from 64-bit key to feature id.
class KeyTable {
 public:
  void Reserve(size_t n);
  // False if the key is already present.
  bool Insert(uint64_t key, int32_t id);
  int32_t Find(uint64_t key) const {
    if (slots_.empty()) return -1;
    size_t i = Index(key);
    while (true) {
      const Slot& s = slots_[i];
      if (s.id < 0) return -1;
      if (s.key() == key) return s.id;
      i = (i + 1) & mask_;
    }
  }
  // Starts loading the slot where a Find(key) begins (a hint; no effect on results).
  void Prefetch(uint64_t key) const {
    if (slots_.empty()) return;
    __builtin_prefetch(slots_.data() + Index(key));
  }
  // Loads the first slot of each key's lookup (for WebAssembly, which has no prefetch): the
  // loads do not depend on one another, so their cache misses overlap. No effect on results.
  void Touch(const uint64_t* keys, size_t n) const {
    if (slots_.empty()) return;
    int32_t touched = 0;
    for (size_t k = 0; k < n; ++k) touched |= slots_[Index(keys[k])].id;
    volatile int32_t sink = touched;  // keeps the loads
    (void)sink;
  }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  size_t Index(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  // A key and its id side by side (12 bytes, 4-aligned), so that a lookup is one cache miss,
  // not one in a key array and another in an id array.
  struct Slot {
    uint32_t key_lo = 0;
    uint32_t key_hi = 0;
    int32_t id = -1;  // -1 = empty slot
    uint64_t key() const { return (static_cast<uint64_t>(key_hi) << 32) | key_lo; }
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  uint32_t shift_ = 63;
};

// A feature and how often it occurs in a text.
struct FeatureCount {
  int32_t id;
  int32_t count;
};

// Per-call scratch; reuse one per thread to avoid reallocations.
struct FeatureScratch {
  TokenBuffer doc;
  std::vector<uint64_t> keys;
  std::vector<int32_t> ids, sort_tmp;
  std::vector<FeatureCount> counts;
  // Used by Classifier::Classify only.
  SparseVec x;
  std::vector<float> raw, prob;
  std::vector<int32_t> decided;
};

// Sorts `ids`, all in [0, limit), ascending; `tmp` is scratch. What Vectorize sorts a text's
// feature ids with, before it counts them.
void SortFeatureIds(uint32_t limit, std::vector<int32_t>* ids, std::vector<int32_t>* tmp);

// The table keys of a model's features, in id order, computed before the key table is built so
// that the terms can be released first (Classifier::FromModel).
struct FeatureKeys {
  std::vector<uint64_t> keys;
  // The features whose key may repeat an earlier one's (a filter's hits, mostly false), with
  // their term or bucket as the error message quotes it.
  std::vector<std::pair<int32_t, std::string>> suspects;
};

class FeatureSpace {
 public:
  // Builds the key table of a validated model. Fails if two terms share a key.
  static Result<FeatureSpace> Build(const ModelData& model);

  // The same in two steps, to keep memory low while a model loads: TakeKeys computes the keys
  // and releases model->terms; BuildTable then fills the table of a space constructed from the
  // same model (empty until then: every FeatureOf is -1).
  static FeatureKeys TakeKeys(ModelData* model);
  explicit FeatureSpace(const ModelData& model) : FeatureSpace(model, model.idf) {}
  // The same, moving model->idf in instead of copying it (model->idf is left empty, so
  // model->num_features() is 0 afterwards: ask the space). For Classifier::FromModel.
  enum TakeIdf { kTakeIdf };
  FeatureSpace(ModelData* model, TakeIdf) : FeatureSpace(*model, std::move(model->idf)) {}
  Status BuildTable(FeatureKeys keys);

  // The feature id of a term key, or -1.
  int32_t FeatureOf(uint64_t key) const { return table_.Find(TableKey(key)); }
  // Starts fetching what FeatureOf(key) will read: a hint for loops over many keys, since the
  // key table is megabytes and a lookup is otherwise a cache miss. No effect on results.
  void PrefetchFeature(uint64_t key) const { table_.Prefetch(TableKey(key)); }

  // The tf-idf vector of `text` (ids ascending). Tokens are left in scratch->doc, with their
  // text unless `keep` is kIfNeeded (see TokenText).
  void Vectorize(std::string_view text, FeatureScratch* scratch, SparseVec* out,
                 TokenText keep = TokenText::kKeep) const;

  // The tf-idf vector from feature counts sorted by id, ids unique. The one place tf-idf
  // values are computed: inference (Vectorize) and training both come through here.
  void Weigh(const std::vector<FeatureCount>& counts, SparseVec* out) const;

  const TermExtractor& extractor() const { return extractor_; }
  int32_t num_features() const { return static_cast<int32_t>(idf_.size()); }

 private:
  // The model's settings, with `idf` (the model's, copied or moved in).
  FeatureSpace(const ModelData& model, std::vector<float> idf)
      : extractor_(model.tokenizer, model.features), idf_(std::move(idf)),
        sublinear_tf_(model.features.sublinear_tf),
        hashing_(model.features.mapping == FeatureMapping::kHashing),
        buckets_(model.features.hash_buckets) {}
  // The table keys of the model's features, and the terms a repeat would be reported with.
  static FeatureKeys Keys(const ModelData& model);
  // The key a term key is stored under: itself, or its bucket in hashing mode.
  uint64_t TableKey(uint64_t key) const { return hashing_ ? key % buckets_ : key; }

  TermExtractor extractor_;
  KeyTable table_;
  std::vector<float> idf_;
  bool sublinear_tf_;
  bool hashing_;
  uint64_t buckets_;
};

}  // namespace topica::internal

#endif  // TOPICA_SRC_FEATURE_SPACE_H_
