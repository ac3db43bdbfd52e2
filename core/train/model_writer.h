// Serialising a ModelData to the model file format (models/README.md). The only writer.
#ifndef TOPICA_TRAIN_MODEL_WRITER_H_
#define TOPICA_TRAIN_MODEL_WRITER_H_

#include <string>

#include "model.h"
#include "topica/status.h"

namespace topica::train {

// Validates the model (refusing non-finite values or bad shapes), then renders it as JSON:
// one top-level key per line, each value compact; numbers as the shortest decimal that
// reads back as the same float.
Result<std::string> SerializeModel(const internal::ModelData& model);

}  // namespace topica::train

#endif  // TOPICA_TRAIN_MODEL_WRITER_H_
