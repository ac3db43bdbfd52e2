// Scoring a classifier against labelled documents (part of the topica_train library).
#ifndef TOPICA_EVALUATE_H_
#define TOPICA_EVALUATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "topica/classifier.h"
#include "topica/dataset.h"
#include "topica/status.h"

namespace topica {

struct LabelMetrics {
  std::string label;
  double precision = 0.0;  // 0 when nothing was predicted (scikit-learn's zero_division=0)
  double recall = 0.0;     // 0 when the label has no true document
  double f1 = 0.0;
  int64_t support = 0;     // documents that truly carry the label
  int64_t predicted = 0;   // documents predicted to carry it
  int64_t true_positives = 0;
};

struct EvalReport {
  Task task = Task::kMultiLabel;
  int64_t documents = 0;
  // Multi-class: fraction of documents whose predicted label is the true one.
  // Multi-label: subset accuracy (predicted label set equals the true set).
  double accuracy = 0.0;
  double micro_precision = 0.0, micro_recall = 0.0, micro_f1 = 0.0;
  double macro_precision = 0.0, macro_recall = 0.0, macro_f1 = 0.0;  // mean over labels
  std::vector<LabelMetrics> per_label;  // model label order
  // Multi-class only: confusion[true][predicted], model label order. Empty otherwise.
  std::vector<std::vector<int64_t>> confusion;
};

// Metrics from label-index sets (each inner vector: label indices in [0, labels.size())).
EvalReport ComputeMetrics(Task task, const std::vector<std::string>& labels,
                          const std::vector<std::vector<int32_t>>& truth,
                          const std::vector<std::vector<int32_t>>& predicted);

// Classifies every document and scores the predictions. Fails, naming the source and line,
// on a label the model does not know; `source` is used in that message (e.g. the file name).
Result<EvalReport> Evaluate(const Classifier& classifier, const std::vector<Document>& documents,
                            const std::string& source);

}  // namespace topica

#endif  // TOPICA_EVALUATE_H_
