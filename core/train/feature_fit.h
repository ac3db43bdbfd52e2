// Fitting the feature space: document frequencies, vocabulary (or used hash buckets) and idf.
#ifndef TOPICA_TRAIN_FEATURE_FIT_H_
#define TOPICA_TRAIN_FEATURE_FIT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "model.h"
#include "solver.h"
#include "topica/dataset.h"

namespace topica::train {

struct FeatureFitOptions {
  int32_t min_df = 2;
  double max_df = 1.0;
  int32_t max_features = 0;
  // Vocabulary models: if not empty, only these terms can be features (before the df limits).
  const std::vector<std::string>* allowed_terms = nullptr;
};

// Every document's distinct term keys with their counts, in one flat array (documents in
// order; document d's terms are [offsets[d], offsets[d + 1])), so training tokenizes once.
struct DocumentTerms {
  std::vector<uint64_t> keys;   // ascending within a document
  std::vector<int32_t> counts;
  std::vector<int64_t> offsets;  // size documents + 1
};

// Fills model->terms or model->buckets (sorted) and model->idf from the documents, using
// model->tokenizer and model->features (set by the caller), and the documents' terms.
// idf = ln((1 + n) / (1 + df)) + 1  (scikit-learn's smooth_idf).
void FitFeatures(const std::vector<Document>& docs, const FeatureFitOptions& options,
                 internal::ModelData* model, DocumentTerms* terms);

}  // namespace topica::train

#endif  // TOPICA_TRAIN_FEATURE_FIT_H_
