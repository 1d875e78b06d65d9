#pragma once
#include "api/routes.hpp"

namespace yingbin::complaints {

// Registers the routes of customer complaints: /api/v1/complaints[/{id}[/<action>]],
// /complaints/overdue, /complaints/config[/types|causes|departments/...],
// /complaints/public-form, /complaints/inbound (API token, complaints.inbound), and the
// public web form /api/v1/public/complaint-form and /api/v1/public/complaints.
// Also registers the second half's routes (RegisterCareRoutes, care_routes.cpp).
void RegisterRoutes(api::Registry& r);

// The second half: phrases, temperaments, replies and messages, red alert, survey and
// callbacks, attribution, history, Pareto and improvements, reports.
void RegisterCareRoutes(api::Registry& r);

// The error answer of every complaint route: as api::ErrorResponse, with complaint labels
// for a few generic field names; a refused forbidden phrase (CMP-10) answers 400 with
// error.code "forbidden_phrase" and error.details [{phrase, start, end, suggestion}].
http::Response ErrorAnswer(const api::Context& ctx, const core::Error& e);

}  // namespace yingbin::complaints
