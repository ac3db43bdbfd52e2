// Classifier: the public facade over ModelData + FeatureSpace + Scorer.
#include "topica/classifier.h"

#include <cmath>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <utility>

#include <nlohmann/json.hpp>

#include "explain.h"
#include "feature_space.h"
#include "model.h"
#include "scorer.h"
#include "self_test.h"

namespace topica {

using internal::FeatureScratch;
using internal::FeatureSpace;
using internal::ModelData;
using internal::Scorer;
using internal::SparseVec;

struct Classifier::Impl {
  // The scorer takes the weights out of the model (packing them in place); the key table is
  // built afterwards by FromModel (space.BuildTable).
  explicit Impl(ModelData m)
      : model(std::move(m)), scorer(model, Scorer::kTakeWeights),
        space(&model, FeatureSpace::kTakeIdf) {}
  ModelData model;  // everything but the weights, the terms and idf (in space)
  Scorer scorer;    // points at model (labels, bias, calibration): Impl is never moved
  FeatureSpace space;
};

namespace {

// Scratch buffers reused by every classification on this thread. Big documents can grow
// them; they are released again when they exceed kKeepBytes.
FeatureScratch& ThreadScratch() {
  thread_local FeatureScratch scratch;
  return scratch;
}
constexpr size_t kKeepBytes = size_t{4} << 20;

void TrimScratch(FeatureScratch& s) {
  if (s.doc.arena.capacity() > kKeepBytes || s.doc.tokens.capacity() * 32 > kKeepBytes ||
      s.keys.capacity() * 8 > kKeepBytes) {
    s = FeatureScratch();
  }
}

}  // namespace

Classifier::Classifier(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

Result<Classifier> Classifier::FromJson(std::string_view json) {
  return FromModel(internal::ParseModel(json, internal::ClassifierReadOptions()));
}

// Loading needs little more memory than the loaded classifier because each big temporary is
// released before the next big structure is built: the terms' keys are computed and the terms
// released (the key table replaces them; Explain uses the text's own), then the scorer packs the
// interleaved weights in place and releases the column pointers, and only then is the key table
// built from the keys, which are released last.
Result<Classifier> Classifier::FromModel(Result<ModelData> model) {
  if (!model.ok()) return model.status();
  internal::FeatureKeys keys = FeatureSpace::TakeKeys(&*model);
  auto impl = std::make_unique<Impl>(std::move(model).value());
  if (Status st = impl->space.BuildTable(std::move(keys)); !st.ok()) return st;
  Status st = internal::RunSelfTest(impl->model, impl->space, impl->scorer);
  if (!st.ok()) return st;
#if defined(__GLIBC__)
  // glibc keeps the pages of freed blocks that lie between live ones (here: the terms' strings,
  // the column counts and pointers, the keys), some 5 MB on a 40 MB model: give them back.
  // About a millisecond on 20newsgroups; other C libraries (WebAssembly's among them) have no
  // such call.
  malloc_trim(0);
#endif
  return Classifier(std::unique_ptr<const Impl>(std::move(impl)));
}

Classification Classifier::Classify(std::string_view text) const {
  Classification out;
  Classify(text, &out);
  return out;
}

namespace {

// The one scoring path of Classify and ClassifyIndices: raw scores, probabilities if
// `probabilities` (or the decision) needs them, and the decision, in `scratch`.
void Score(const FeatureSpace& space, const Scorer& scorer, Task task, std::string_view text,
           bool probabilities, FeatureScratch& scratch) {
  space.Vectorize(text, &scratch, &scratch.x, internal::TokenText::kIfNeeded);  // only keys
  const int32_t n = scorer.num_labels();
  scratch.raw.resize(static_cast<size_t>(n));
  scratch.prob.resize(static_cast<size_t>(n));
  scorer.Raw(scratch.x, scratch.raw.data());
  // A multi-class decision is the highest raw score; a multi-label one thresholds probabilities.
  if (probabilities || task != Task::kMultiClass) {
    scorer.Probabilities(scratch.raw.data(), scratch.prob.data());
  }
  scorer.Decide(scratch.raw.data(), scratch.prob.data(), &scratch.decided);
}

}  // namespace

void Classifier::Classify(std::string_view text, Classification* out) const {
  const Impl& im = *impl_;
  FeatureScratch& scratch = ThreadScratch();
  Score(im.space, im.scorer, im.model.task, text, true, scratch);
  const int32_t n = im.scorer.num_labels();
  // Assigning into the strings out already holds reuses their storage.
  out->labels.resize(scratch.decided.size());
  for (size_t i = 0; i < scratch.decided.size(); ++i) {
    out->labels[i] = im.model.labels[static_cast<size_t>(scratch.decided[i])];
  }
  out->scores.resize(static_cast<size_t>(n));
  for (int32_t l = 0; l < n; ++l) {
    LabelScore& s = out->scores[static_cast<size_t>(l)];
    s.label = im.model.labels[static_cast<size_t>(l)];
    s.probability = scratch.prob[static_cast<size_t>(l)];
    s.raw = scratch.raw[static_cast<size_t>(l)];
  }
  TrimScratch(scratch);
}

void Classifier::ClassifyIndices(std::string_view text, std::vector<int32_t>* labels,
                                 std::vector<float>* probabilities,
                                 std::vector<float>* raw) const {
  FeatureScratch& scratch = ThreadScratch();
  const Impl& im = *impl_;
  Score(im.space, im.scorer, im.model.task, text, probabilities != nullptr, scratch);
  labels->assign(scratch.decided.begin(), scratch.decided.end());
  if (probabilities != nullptr) probabilities->assign(scratch.prob.begin(), scratch.prob.end());
  if (raw != nullptr) raw->assign(scratch.raw.begin(), scratch.raw.end());
  TrimScratch(scratch);
}

Result<Explanation> Classifier::Explain(std::string_view text, std::string_view label,
                                        int32_t top_terms) const {
  const Impl& im = *impl_;
  for (size_t l = 0; l < im.model.labels.size(); ++l) {
    if (im.model.labels[l] == label) {
      return internal::ExplainLabel(im.space, im.scorer, im.model, text, static_cast<int32_t>(l),
                                    top_terms);
    }
  }
  std::string known;
  for (const std::string& l : im.model.labels) known += (known.empty() ? "" : ", ") + l;
  return Status(StatusCode::kNotFound,
                "label '" + std::string(label) + "' is not one of the model's labels (" + known + ")");
}

std::vector<Token> Classifier::Tokenize(std::string_view text) const {
  internal::TokenBuffer doc;
  impl_->space.extractor().Tokenize(text, &doc);
  std::vector<Token> out;
  out.reserve(doc.tokens.size());
  for (const auto& t : doc.tokens) out.push_back({std::string(doc.Text(t)), t.begin, t.end});
  return out;
}

const std::vector<std::string>& Classifier::labels() const { return impl_->model.labels; }

Task Classifier::task() const { return impl_->model.task; }

ModelInfo Classifier::Info() const {
  const ModelData& m = impl_->model;
  ModelInfo info;
  info.name = m.name;
  info.producer = m.producer;
  info.format_version = internal::kModelFormatVersion;
  info.task = m.task;
  info.labels = m.labels;
  info.thresholds = m.thresholds;
  info.num_features = impl_->space.num_features();
  info.num_weights = impl_->scorer.num_weights();
  const auto& f = m.features;
  nlohmann::json s = {
      {"tokenizer", {{"lowercase", m.tokenizer.lowercase},
                     {"strip_accents", m.tokenizer.strip_accents},
                     {"unspaced_bigrams", m.tokenizer.unspaced_bigrams},
                     {"unicode_version", m.unicode_version}}},
      {"word_ngrams", {f.word_ngram_min, f.word_ngram_max}},
      {"char_ngrams", {f.char_ngram_min, f.char_ngram_max}},
      {"mapping", f.mapping == internal::FeatureMapping::kHashing ? "hashing" : "vocabulary"},
      {"sublinear_tf", f.sublinear_tf},
      {"norm", "l2"},
  };
  if (f.mapping == internal::FeatureMapping::kHashing) s["hash_buckets"] = f.hash_buckets;
  if (m.task == Task::kMultiLabel) {
    s["calibration"] = "platt";
  } else {
    s["calibration"] = "softmax_temperature";
    s["temperature"] = m.calibration.temperature;
  }
  info.settings_json = s.dump();
  info.training_json = m.training_json;
  return info;
}

}  // namespace topica
