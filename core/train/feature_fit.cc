#include "feature_fit.h"

#include <algorithm>
#include <climits>
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
  // key (or bucket), with the first document it occurs in.
  KeyCounter df;
  TokenBuffer doc;
  std::vector<uint64_t> keys;
  terms->keys.clear();
  terms->counts.clear();
  terms->offsets.assign(1, 0);
  constexpr int64_t kPrefetchAhead = 8;  // table slots fetched ahead of their increment
  for (size_t di = 0; di < docs.size(); ++di) {
    const Document& d = docs[di];
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
      const int64_t end = terms->offsets.back();
      for (int64_t i = begin; i < end; ++i) {
        if (i + kPrefetchAhead < end) df.Prefetch(terms->keys[i + kPrefetchAhead]);
        df.Increment(terms->keys[i], static_cast<int32_t>(di));
      }
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
  std::vector<std::pair<uint64_t, int32_t>> first_doc;  // (key, first document), sorted by key
  df.ForEach([&](uint64_t key, int32_t count, int32_t first) {
    if (restricted && allowed.Find(key) < 0) return;
    if (count >= options.min_df && static_cast<double>(count) <= max_count) {
      kept.emplace_back(key, count);
      first_doc.emplace_back(key, first);
    }
  });
  std::sort(first_doc.begin(), first_doc.end());
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

  // Pass 2 (vocabulary): the text of every kept key, from its first occurrence. Only the
  // documents where some kept key first occurs are tokenized again, and each looks up its terms
  // in its own short list of keys rather than in a table of the whole vocabulary.
  struct Wanted {
    int32_t doc;
    uint64_t key;
    int32_t index;  // in kept
  };
  std::vector<Wanted> wanted;
  wanted.reserve(kept.size());
  for (size_t i = 0; i < kept.size(); ++i) {
    const auto it = std::lower_bound(first_doc.begin(), first_doc.end(),
                                     std::make_pair(kept[i].first, INT32_MIN));
    wanted.push_back({it->second, kept[i].first, static_cast<int32_t>(i)});
  }
  first_doc = {};
  std::sort(wanted.begin(), wanted.end(), [](const Wanted& a, const Wanted& b) {
    return a.doc != b.doc ? a.doc < b.doc : a.key < b.key;
  });
  std::vector<std::string> text(kept.size());
  std::vector<bool> found(kept.size(), false);
  for (size_t w = 0; w < wanted.size();) {
    const int32_t di = wanted[w].doc;
    size_t w_end = w;
    while (w_end < wanted.size() && wanted[w_end].doc == di) ++w_end;
    const Wanted* first = wanted.data() + w;
    const Wanted* last = wanted.data() + w_end;
    size_t remaining = w_end - w;
    extractor.Tokenize(docs[static_cast<size_t>(di)].text, &doc);
    extractor.ForEachTerm(doc, [&](uint64_t key, const TermRef& ref) {
      if (remaining == 0) return;
      const Wanted* it = std::lower_bound(first, last, key,
                                          [](const Wanted& a, uint64_t k) { return a.key < k; });
      if (it != last && it->key == key && !found[it->index]) {
        found[it->index] = true;
        text[it->index] = extractor.TermText(doc, ref);
        --remaining;
      }
    });
    w = w_end;
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
