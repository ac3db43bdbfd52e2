// Rendering evaluation reports: a readable table, JSON, and a one-line summary.
#ifndef TOPICA_TOOLS_REPORT_H_
#define TOPICA_TOOLS_REPORT_H_

#include <string>

#include "topica/evaluate.h"

namespace topica::cli {

std::string SummaryLine(const EvalReport& report);
std::string ReportTable(const EvalReport& report);
std::string ReportJson(const EvalReport& report);

}  // namespace topica::cli

#endif  // TOPICA_TOOLS_REPORT_H_
