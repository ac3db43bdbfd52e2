// Evaluate (topica/evaluate.h): classify labelled documents and score the predictions with
// ComputeMetrics (metrics.cc).
//
// Every document's labels are checked against the model before anything is classified, so a
// typo in the data fails in milliseconds instead of after a long run, and the message points
// at the offending line.
#include "topica/evaluate.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace topica {
namespace {

// "source:line: " for documents read from a file, "source: document #i: " for others.
std::string Where(const std::string& source, const Document& doc, size_t i) {
  if (doc.line > 0) return source + ":" + std::to_string(doc.line) + ": ";
  return source + ": document #" + std::to_string(i + 1) + ": ";
}

// "a, b, c", shortened for models with many labels.
std::string JoinLabels(const std::vector<std::string>& labels, size_t max_shown = 20) {
  std::string out;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i == max_shown) {
      out.append(", ... (").append(std::to_string(labels.size())).append(" in all)");
      break;
    }
    if (i > 0) out += ", ";
    out += labels[i];
  }
  return out;
}

}  // namespace

Result<EvalReport> Evaluate(const Classifier& classifier, const std::vector<Document>& documents,
                            const std::string& source) {
  if (documents.empty()) {
    return Status(StatusCode::kInvalidArgument, source + ": no documents to evaluate");
  }
  const std::vector<std::string>& labels = classifier.labels();
  const Task task = classifier.task();
  std::unordered_map<std::string_view, int32_t> index;  // views into the model's labels
  index.reserve(labels.size());
  for (size_t k = 0; k < labels.size(); ++k) index.emplace(labels[k], static_cast<int32_t>(k));

  std::vector<std::vector<int32_t>> truth(documents.size());
  for (size_t i = 0; i < documents.size(); ++i) {
    const Document& doc = documents[i];
    if (task == Task::kMultiClass && doc.labels.size() != 1) {
      std::string m = Where(source, doc, i) +
                      "the model is multi-class, so every document needs exactly one label; "
                      "this one has ";
      if (doc.labels.empty()) {
        m += "none";
      } else {
        m += std::to_string(doc.labels.size()) + " (" + JoinLabels(doc.labels, 5) + ")";
      }
      return Status(StatusCode::kInvalidArgument, std::move(m));
    }
    truth[i].reserve(doc.labels.size());
    for (const std::string& label : doc.labels) {
      auto it = index.find(label);
      if (it == index.end()) {
        return Status(StatusCode::kNotFound, Where(source, doc, i) + "label '" + label +
                                                 "' is not one of the model's labels (" +
                                                 JoinLabels(labels) + ")");
      }
      truth[i].push_back(it->second);
    }
  }

  std::vector<std::vector<int32_t>> predicted(documents.size());
  for (size_t i = 0; i < documents.size(); ++i) {
    const Classification c = classifier.Classify(documents[i].text);
    for (const std::string& label : c.labels) {
      auto it = index.find(label);
      if (it != index.end()) predicted[i].push_back(it->second);
    }
    // A multi-class model always predicts its top label; fall back to the scores if the
    // classification carries none.
    if (task == Task::kMultiClass && predicted[i].empty() && !c.scores.empty()) {
      size_t best = 0;
      for (size_t k = 1; k < c.scores.size(); ++k) {
        if (c.scores[k].probability > c.scores[best].probability) best = k;
      }
      auto it = index.find(c.scores[best].label);
      if (it != index.end()) predicted[i].push_back(it->second);
    }
  }
  return ComputeMetrics(task, labels, truth, predicted);
}

}  // namespace topica
