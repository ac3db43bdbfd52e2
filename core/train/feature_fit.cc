#include "feature_fit.h"

#include <algorithm>
#include <cmath>

#include "feature_space.h"
#include "key_counter.h"

#include "term_extractor.h"
#include "term_hash.h"

namespace topica::train {

using internal::FeatureMapping;
using internal::TermExtractor;
using internal::TermRef;
using internal::TokenBuffer;

void FitFeatures(const std::vector<Document>& docs, const FeatureFitOptions& options,
                 internal::ModelData* model, DocumentTerms* terms) {
  const TermExtractor extractor(model->tokenizer, model->features);
  const bool hashing = model->features.mapping == FeatureMapping::kHashing;
  const uint64_t buckets = model->features.hash_buckets;

  // Pass 1: each document's term keys and counts, and the document frequency of every term
  // key (or bucket).
  KeyCounter df;
  TokenBuffer doc;
  std::vector<uint64_t> keys;
  terms->keys.clear();
  terms->counts.clear();
  terms->offsets.assign(1, 0);
  for (const Document& d : docs) {
    extractor.Tokenize(d.text, &doc);
    keys.clear();
    extractor.ForEachTerm(doc, [&](uint64_t key, const TermRef&) { keys.push_back(key); });
    std::sort(keys.begin(), keys.end());
    for (size_t i = 0; i < keys.size();) {
      size_t j = i + 1;
      while (j < keys.size() && keys[j] == keys[i]) ++j;
      terms->keys.push_back(keys[i]);
      terms->counts.push_back(static_cast<int32_t>(j - i));
      i = j;
    }
    const int64_t begin = terms->offsets.back();
    terms->offsets.push_back(static_cast<int64_t>(terms->keys.size()));
    if (!hashing) {
      for (int64_t i = begin; i < terms->offsets.back(); ++i) df.Increment(terms->keys[i]);
    } else {
      keys.clear();
      for (int64_t i = begin; i < terms->offsets.back(); ++i) keys.push_back(terms->keys[i] % buckets);
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      for (uint64_t k : keys) df.Increment(k);
    }
  }

  // Selection: min_df <= df <= max_df * n, then the max_features most frequent.
  const int64_t n = static_cast<int64_t>(docs.size());
  const double max_count = options.max_df * static_cast<double>(n);
  internal::KeyTable allowed;
  const bool restricted = !hashing && options.allowed_terms != nullptr && !options.allowed_terms->empty();
  if (restricted) {
    allowed.Reserve(options.allowed_terms->size());
    for (const std::string& t : *options.allowed_terms) allowed.Insert(internal::TermKey(t), 0);
  }
  std::vector<std::pair<uint64_t, int32_t>> kept;
  df.ForEach([&](uint64_t key, int32_t count) {
    if (restricted && allowed.Find(key) < 0) return;
    if (count >= options.min_df && static_cast<double>(count) <= max_count) kept.emplace_back(key, count);
  });
  // Table order depends only on the keys, but sort anyway so nothing below depends on it.
  std::sort(kept.begin(), kept.end());
  if (options.max_features > 0 && kept.size() > static_cast<size_t>(options.max_features)) {
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    kept.resize(options.max_features);
  }

  auto idf_of = [n](int32_t count) {
    return static_cast<float>(std::log((1.0 + static_cast<double>(n)) / (1.0 + count)) + 1.0);
  };

  if (hashing) {
    std::sort(kept.begin(), kept.end());
    for (const auto& [bucket, count] : kept) {
      model->buckets.push_back(static_cast<uint32_t>(bucket));
      model->idf.push_back(idf_of(count));
    }
    return;
  }

  // Pass 2 (vocabulary): the text of every kept key, from its first occurrence.
  internal::KeyTable wanted;
  wanted.Reserve(kept.size());
  for (size_t i = 0; i < kept.size(); ++i) wanted.Insert(kept[i].first, static_cast<int32_t>(i));
  std::vector<std::string> text(kept.size());
  std::vector<bool> found(kept.size(), false);
  size_t remaining = kept.size();
  for (const Document& d : docs) {
    if (remaining == 0) break;
    extractor.Tokenize(d.text, &doc);
    extractor.ForEachTerm(doc, [&](uint64_t key, const TermRef& ref) {
      const int32_t i = wanted.Find(key);
      if (i >= 0 && !found[i]) {
        found[i] = true;
        text[i] = extractor.TermText(doc, ref);
        --remaining;
      }
    });
  }
  std::vector<std::pair<std::string, int32_t>> vocab;
  vocab.reserve(kept.size());
  for (size_t i = 0; i < kept.size(); ++i) vocab.emplace_back(std::move(text[i]), kept[i].second);
  std::sort(vocab.begin(), vocab.end());
  for (auto& [term, count] : vocab) {
    model->terms.push_back(std::move(term));
    model->idf.push_back(idf_of(count));
  }
}

}  // namespace topica::train
