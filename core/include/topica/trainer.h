// Training a topica model from labelled documents (the topica_train library).
//
//   std::vector<topica::Document> docs = ...;            // e.g. topica::ReadDataset(...)
//   topica::TrainConfig config;                           // defaults: see below
//   topica::Result<topica::TrainedModel> m = topica::Train(docs, config);
//   if (m.ok()) topica::WriteFileAtomic("model.json", m->json);
#ifndef TOPICA_TRAINER_H_
#define TOPICA_TRAINER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "topica/dataset.h"
#include "topica/status.h"
#include "topica/types.h"

namespace topica {

enum class TaskChoice : int32_t { kAuto = 0, kMultiClass, kMultiLabel };
enum class LossChoice : int32_t { kSquaredHinge = 0, kLogistic };

// Every training setting and its default, defined here once (the CLI reads these defaults).
struct TrainConfig {
  std::string name;  // model name stored in the file

  // Task: auto = multilabel if any document has zero or several labels, else multiclass.
  TaskChoice task = TaskChoice::kAuto;

  // Tokenizer.
  bool lowercase = true;
  bool strip_accents = false;
  bool unspaced_bigrams = true;

  // Features.
  int32_t word_ngram_min = 1;
  int32_t word_ngram_max = 2;
  int32_t char_ngram_min = 0;  // 0: no character n-grams
  int32_t char_ngram_max = 0;
  int32_t hash_bits = 0;       // 0: vocabulary; 1..30: hashing trick into 2^hash_bits buckets
  int32_t min_df = 2;          // keep terms in at least this many documents
  double max_df = 1.0;         // ... and in at most this fraction of them
  int32_t max_features = 0;    // 0: no limit; else keep the most frequent (by df)
  bool sublinear_tf = true;

  // Linear model (one L2-regularised binary model per label, dual coordinate descent).
  LossChoice loss = LossChoice::kSquaredHinge;
  double c = 1.0;                          // inverse regularisation strength
  bool balanced = false;                   // weight positives by n_neg / n_pos per label
  std::map<std::string, double> label_weights;  // extra weight on a label's positives
  double tolerance = 0.1;
  int32_t max_iterations = 1000;

  // Calibration and thresholds, fitted on out-of-fold scores.
  int32_t folds = 3;       // 2..20
  // Multi-label: labels with at least this many positive documents get the threshold that
  // maximises their out-of-fold F1; rarer labels keep the solver's boundary (raw score 0).
  int32_t tune_threshold_min_positives = 5;
  uint64_t seed = 1;

  // Size: drop weights whose magnitude is below this (0 keeps all), and round weights and
  // idf values to this many significant decimal digits (0 keeps every float bit). On the
  // 20 Newsgroups and Reuters development splits the defaults cost under 0.001 in accuracy /
  // micro-F1 and make the model file about 3 times smaller.
  double min_weight = 0.005;
  int32_t significant_digits = 4;
  // Remove features whose weights were all dropped (a smaller file; they only changed the
  // L2 norm of the tf-idf vector).
  bool drop_unweighted_features = true;
  // After dropping features, train again on the remaining ones, so that the tf-idf vectors,
  // weights, calibration and thresholds all agree with the smaller vocabulary (twice the time).
  bool refit_after_pruning = false;
  // Vocabulary models: if not empty, only these terms may become features (then the df limits
  // apply). E.g. the terms of an earlier model.
  std::vector<std::string> vocabulary;

  // Checks every value; the message names the setting and the bad value.
  Status Validate() const;
};

struct TrainedModel {
  std::string json;           // the model file's content
  Task task = Task::kMultiLabel;
  std::vector<std::string> labels;
  int32_t num_features = 0;
  int64_t num_weights = 0;
  std::string summary_json;   // the model's "training" object (includes out-of-fold metrics)
};

// Progress: stage name and fraction done in [0, 1]. Called from the training thread.
using ProgressFn = std::function<void(std::string_view stage, double fraction)>;

// Deterministic: the same documents and config give a byte-identical model.
Result<TrainedModel> Train(const std::vector<Document>& documents, const TrainConfig& config,
                           const ProgressFn& progress = {});

// Writes bytes to `path` atomically (temporary file in the same directory, then rename):
// a failed or interrupted write never leaves a partial file or destroys an existing one.
Status WriteFileAtomic(const std::string& path, std::string_view bytes);

}  // namespace topica

#endif  // TOPICA_TRAINER_H_
