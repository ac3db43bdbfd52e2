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
};

// Fills model->terms or model->buckets (sorted) and model->idf from the documents, using
// model->tokenizer and model->features (set by the caller).
// idf = ln((1 + n) / (1 + df)) + 1  (scikit-learn's smooth_idf).
void FitFeatures(const std::vector<Document>& docs, const FeatureFitOptions& options,
                 internal::ModelData* model);

}  // namespace topica::train

#endif  // TOPICA_TRAIN_FEATURE_FIT_H_
