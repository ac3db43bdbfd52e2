// topica::Classifier: load a topica model and classify or explain text.
//
//   auto clf = topica::Classifier::FromFile("models/news-topics.json");
//   if (!clf.ok()) { std::cerr << clf.status().message() << "\n"; return 1; }
//   topica::Classification c = clf->Classify("UN Security Council extends arms embargo");
//
// A Classifier is immutable after loading: Classify and Explain may be called concurrently
// from many threads on one shared instance.
#ifndef TOPICA_CLASSIFIER_H_
#define TOPICA_CLASSIFIER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "topica/status.h"
#include "topica/types.h"

namespace topica {

namespace internal {
struct ModelData;
}  // namespace internal

// What a model is and how it was made, for display.
struct ModelInfo {
  std::string name;
  std::string producer;
  int32_t format_version = 0;
  Task task = Task::kMultiLabel;
  std::vector<std::string> labels;
  std::vector<float> thresholds;  // multi-label: per label, on the probability scale
  int32_t num_features = 0;
  int64_t num_weights = 0;        // stored non-zero weights
  std::string settings_json;      // tokenizer and feature settings, as JSON text
  std::string training_json;      // the training summary, as JSON text ("{}" if none)
};

class Classifier {
 public:
  // Parses and validates a model (JSON text), then runs its embedded self-test.
  static Result<Classifier> FromJson(std::string_view json);
  // Reads a model file and calls FromJson; errors name the path.
  static Result<Classifier> FromFile(const std::string& path);
  // Loads the shipped default model (news-topics), found by DefaultModelPath().
  static Result<Classifier> FromDefaultModel();
  // Where the default model is: $TOPICA_MODEL if set, else the first readable of the installed
  // copy (<prefix>/share/topica/models), the copy next to the running program
  // (<exe>/../share/topica/models) and the source tree's models/ directory. The error lists
  // the places it looked.
  static Result<std::string> DefaultModelPath();

  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept;
  ~Classifier();

  Classification Classify(std::string_view text) const;
  // The same, into `out`, reusing the storage it already holds: classifying a stream of
  // documents into one Classification allocates nothing per document once warm.
  void Classify(std::string_view text, Classification* out) const;
  // The same decision as indices into labels() (ascending), without copying label strings: for
  // callers that classify many documents against their own copy of labels(), like the CLI and
  // the JS classifyMany(). `probabilities` and `raw`, when not null, receive every label's
  // scores in labels() order, the same values Classify gives; without `probabilities`, a
  // multi-class model computes none (its decision is the highest raw score).
  void ClassifyIndices(std::string_view text, std::vector<int32_t>* labels,
                       std::vector<float>* probabilities = nullptr,
                       std::vector<float>* raw = nullptr) const;

  // Contributions of the text's terms to `label`'s raw score. `top_terms` <= 0 keeps all.
  Result<Explanation> Explain(std::string_view text, std::string_view label,
                              int32_t top_terms = 10) const;

  // The tokens the model extracts from `text` (before n-grams).
  std::vector<Token> Tokenize(std::string_view text) const;

  const std::vector<std::string>& labels() const;
  Task task() const;
  ModelInfo Info() const;

 private:
  struct Impl;
  explicit Classifier(std::unique_ptr<const Impl> impl);
  // FromJson and FromFile once the model is parsed: features, scorer, self-test.
  static Result<Classifier> FromModel(Result<internal::ModelData> model);
  std::unique_ptr<const Impl> impl_;
};

}  // namespace topica

#endif  // TOPICA_CLASSIFIER_H_
