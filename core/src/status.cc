#include "topica/status.h"
#include "topica/types.h"

namespace topica {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid argument";
    case StatusCode::kNotFound: return "not found";
    case StatusCode::kDataLoss: return "data loss";
    case StatusCode::kUnimplemented: return "unimplemented";
    case StatusCode::kFailedPrecondition: return "failed precondition";
    case StatusCode::kIoError: return "i/o error";
    case StatusCode::kInternal: return "internal";
  }
  return "unknown";
}

const char* TaskName(Task task) {
  return task == Task::kMultiClass ? "multiclass" : "multilabel";
}

}  // namespace topica
