// TOPICA_TRY(expr): return the Status of `expr` from the enclosing function unless it is OK.
#ifndef TOPICA_SRC_STATUS_MACROS_H_
#define TOPICA_SRC_STATUS_MACROS_H_

#include "topica/status.h"

#define TOPICA_TRY(expr)             \
  do {                               \
    ::topica::Status _topica_st = (expr); \
    if (!_topica_st.ok()) return _topica_st; \
  } while (0)

#endif  // TOPICA_SRC_STATUS_MACROS_H_
