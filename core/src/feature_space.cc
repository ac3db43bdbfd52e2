#include "feature_space.h"

#include <algorithm>
#include <cmath>

namespace topica::internal {
namespace {

// 1 + ln(count) for small counts, computed once by the very expression Weigh uses for larger
// ones, so a table hit and a computed value are the same float.
constexpr int32_t kLogTableSize = 256;
struct SublinearTfTable {
  float v[kLogTableSize];
  SublinearTfTable() {
    v[0] = 0.0f;  // unused: counts start at 1
    for (int32_t c = 1; c < kLogTableSize; ++c) v[c] = 1.0f + std::log(static_cast<float>(c));
  }
  float operator[](int32_t c) const { return v[c]; }
};
const SublinearTfTable kSublinearTf;

}  // namespace

void KeyTable::Reserve(size_t n) {
  size_t cap = 16;
  uint32_t bits = 4;
  while (cap < 2 * n) {
    cap <<= 1;
    ++bits;
  }
  slots_.assign(cap, Slot{});
  mask_ = cap - 1;
  shift_ = 64 - bits;
}

bool KeyTable::Insert(uint64_t key, int32_t id) {
  size_t i = Index(key);
  while (slots_[i].id >= 0) {
    if (slots_[i].key() == key) return false;
    i = (i + 1) & mask_;
  }
  slots_[i] = Slot{static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32), id};
  return true;
}

FeatureKeys FeatureSpace::Keys(const ModelData& model) {
  const bool hashing = model.features.mapping == FeatureMapping::kHashing;
  const size_t n = static_cast<size_t>(model.num_features());
  FeatureKeys out;
  out.keys.resize(n);
  if (hashing) {
    // Buckets are unique (validated), so never share a key.
    for (size_t id = 0; id < n; ++id) out.keys[id] = model.buckets[id];
    return out;
  }
  // A bitmap of the keys seen (about 16 bits per term): a term whose key's bit is already set is
  // a suspect, and its text is kept for the error message BuildTable gives if its key really is
  // a repeat. Real repeats (64-bit hash collisions) are all suspects; about 1 in 16 terms is one.
  uint32_t bits = 10;
  while ((size_t{1} << bits) < 16 * n) ++bits;
  std::vector<uint64_t> seen((size_t{1} << bits) / 64, 0);
  for (size_t id = 0; id < n; ++id) {
    const uint64_t key = TermKey(model.terms[id]);
    out.keys[id] = key;
    const uint64_t b = (key * 0x9E3779B97F4A7C15ULL) >> (64 - bits);
    const uint64_t bit = uint64_t{1} << (b & 63);
    if (seen[b >> 6] & bit) {
      out.suspects.emplace_back(static_cast<int32_t>(id), model.terms[id]);
    }
    seen[b >> 6] |= bit;
  }
  return out;
}

FeatureKeys FeatureSpace::TakeKeys(ModelData* model) {
  FeatureKeys keys = Keys(*model);
  std::vector<std::string>().swap(model->terms);
  return keys;
}

Status FeatureSpace::BuildTable(FeatureKeys keys) {
  const int32_t n = static_cast<int32_t>(keys.keys.size());
  table_.Reserve(static_cast<size_t>(n));
  for (int32_t id = 0; id < n; ++id) {
    if (!table_.Insert(keys.keys[id], id)) {
      std::string term = "?";
      for (const auto& [sid, text] : keys.suspects) {
        if (sid == id) term = text;
      }
      table_ = KeyTable();
      return Status(StatusCode::kDataLoss, "model.features.terms[" + std::to_string(id) +
                                               "]: term '" + term +
                                               "' has the same feature key as an earlier term");
    }
  }
  return Status::Ok();
}

Result<FeatureSpace> FeatureSpace::Build(const ModelData& model) {
  FeatureSpace space(model);
  if (Status st = space.BuildTable(Keys(model)); !st.ok()) return st;
  return space;
}

// An LSD radix sort in 1-3 passes of at most 11 bits, whose counts stay in L1: for the few
// hundred to few thousand ids of a document, std::sort's mispredicted comparisons cost more.
void SortFeatureIds(uint32_t limit, std::vector<int32_t>* ids, std::vector<int32_t>* tmp) {
  const size_t n = ids->size();
  if (n < 64) {
    std::sort(ids->begin(), ids->end());
    return;
  }
  uint32_t bits = 1;
  while (bits < 32 && (limit - 1) >> bits != 0) ++bits;
  const uint32_t passes = (bits + 10) / 11;
  const uint32_t digit = (bits + passes - 1) / passes;
  const uint32_t buckets = 1u << digit;
  uint32_t count[3][2048];
  for (uint32_t p = 0; p < passes; ++p) std::fill(count[p], count[p] + buckets, 0u);
  for (int32_t id : *ids) {
    const uint32_t u = static_cast<uint32_t>(id);
    for (uint32_t p = 0; p < passes; ++p) ++count[p][(u >> (p * digit)) & (buckets - 1)];
  }
  tmp->resize(n);
  int32_t* src = ids->data();
  int32_t* dst = tmp->data();
  for (uint32_t p = 0; p < passes; ++p) {
    uint32_t sum = 0;
    for (uint32_t b = 0; b < buckets; ++b) {
      const uint32_t c = count[p][b];
      count[p][b] = sum;
      sum += c;
    }
    const uint32_t shift = p * digit;
    for (size_t i = 0; i < n; ++i) {
      const uint32_t u = static_cast<uint32_t>(src[i]);
      dst[count[p][(u >> shift) & (buckets - 1)]++] = src[i];
    }
    std::swap(src, dst);
  }
  if (src != ids->data()) std::copy(src, src + n, ids->data());
}

void FeatureSpace::Vectorize(std::string_view text, FeatureScratch* scratch, SparseVec* out,
                             TokenText keep) const {
  extractor_.Tokenize(text, &scratch->doc, keep);
  // Keys first, then lookups with the slots of the lookups kAhead further on already being
  // fetched: a model's key table is megabytes, so a lookup is mostly a wait on a cache miss,
  // and overlapping those waits is what makes this loop fast.
  std::vector<uint64_t>& keys = scratch->keys;
  keys.clear();
  extractor_.ForEachTerm(scratch->doc, [&](uint64_t key, const TermRef&) {
    keys.push_back(TableKey(key));
  });
  std::vector<int32_t>& ids = scratch->ids;
  ids.clear();
  const size_t n = keys.size();
#if defined(__wasm__)
  // WebAssembly has no prefetch: a block of keys at a time, their first slots are loaded by
  // one tight loop of independent loads (so the CPU overlaps their misses), then looked up.
  constexpr size_t kBlock = 32;
  for (size_t k0 = 0; k0 < n; k0 += kBlock) {
    const size_t end = std::min(n, k0 + kBlock);
    table_.Touch(keys.data() + k0, end - k0);
    for (size_t k = k0; k < end; ++k) {
      const int32_t id = table_.Find(keys[k]);
      if (id >= 0) ids.push_back(id);
    }
  }
  // The idf values Weigh reads, loaded the same way.
  int32_t touched = 0;
  for (int32_t id : ids) touched |= static_cast<int32_t>(idf_[id] > 1.0f);
  volatile int32_t sink = touched;  // keeps the loads
  (void)sink;
#else
  constexpr size_t kAhead = 8;
  for (size_t k = 0; k < n && k < kAhead; ++k) table_.Prefetch(keys[k]);
  for (size_t k = 0; k < n; ++k) {
    if (k + kAhead < n) table_.Prefetch(keys[k + kAhead]);
    const int32_t id = table_.Find(keys[k]);
    if (id >= 0) {
      ids.push_back(id);
      __builtin_prefetch(idf_.data() + id);  // read by Weigh, after the sort below
    }
  }
#endif
  SortFeatureIds(static_cast<uint32_t>(num_features()), &ids, &scratch->sort_tmp);
  std::vector<FeatureCount>& counts = scratch->counts;
  counts.clear();
  for (size_t i = 0; i < ids.size();) {
    size_t j = i + 1;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    counts.push_back({ids[i], static_cast<int32_t>(j - i)});
    i = j;
  }
  Weigh(counts, out);
}

void FeatureSpace::Weigh(const std::vector<FeatureCount>& counts, SparseVec* out) const {
  out->setZero();
  out->resize(num_features());
  out->reserve(static_cast<Eigen::Index>(counts.size()));
  double norm2 = 0.0;
  for (const FeatureCount& c : counts) {
    const float count = static_cast<float>(c.count);
    const float tf = !sublinear_tf_ ? count
                     : c.count < kLogTableSize ? kSublinearTf[c.count]
                                               : 1.0f + std::log(count);
    const float v = tf * idf_[c.id];
    norm2 += static_cast<double>(v) * v;
    out->insertBack(c.id) = v;
  }
  if (norm2 > 0.0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
    for (SparseVec::InnerIterator it(*out); it; ++it) it.valueRef() *= inv;
  }
}

}  // namespace topica::internal
