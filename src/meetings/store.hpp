#pragma once
// SQL of the meeting service, through db::Connection (the same text on both backends).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"
#include "meetings/model.hpp"

namespace yingbin::meetings::store {

using core::Result;
using core::Status;
using db::Connection;

// --- venues and their booking rules ---
struct VenueBrief {
  int64_t id = 0, site_id = 0;
  std::string name, kind;
  int64_t capacity = 0;
  bool active = true;
  std::vector<std::string> equipment;  // SiteRooms only
};
Result<std::optional<VenueBrief>> FindVenue(Connection& c, int64_t id);
// MTG-4: serialises the bookings of one venue. On PostgreSQL the venue row is locked FOR
// UPDATE until the transaction ends, so a concurrent booking of the same venue waits and
// then sees this one; on SQLite the one writer serialises already (no-op).
Status LockVenue(Connection& c, int64_t venue_id);
Result<std::optional<RoomRules>> FindRoomRules(Connection& c, int64_t venue_id);
Status PutRoomRules(Connection& c, const RoomRules& r, int64_t now);
// The active venues of a site with their stored rules (rules.stored false when none).
// The active venues of a site with their equipment and stored rules (rules.stored false
// when none), in one query.
Result<std::vector<std::pair<VenueBrief, RoomRules>>> SiteRooms(Connection& c, int64_t site_id);
Result<std::vector<std::string>> VenueEquipment(Connection& c, int64_t venue_id);

// --- bookings ---
// Holding bookings (pending/confirmed) of `venue_id` whose occupancy overlaps
// [busy_from, busy_to), except those in `except_ids` and those of `except_source` (one
// source's bookings may share a room); `longest_ms` bounds how long an occupancy can be (so
// the index on busy_from is used).
Result<std::vector<Meeting>> Conflicts(Connection& c, int64_t venue_id, int64_t busy_from,
                                       int64_t busy_to, int64_t longest_ms,
                                       const std::vector<int64_t>& except_ids,
                                       const Source* except_source = nullptr);
// PLAN-3: the holding bookings of a source (kind, id), by venue.
Result<std::vector<Meeting>> HeldBy(Connection& c, const std::string& kind, int64_t source_id);
Result<int64_t> InsertMeeting(Connection& c, const Meeting& m);
// Writes every mutable column of `m` (by m.id); of its source only the number and title.
Status UpdateMeeting(Connection& c, const Meeting& m);
// One booking with its joined names, attendees and services.
Result<std::optional<Meeting>> FindMeeting(Connection& c, int64_t id);
// Bookings matching `where` (SQL over alias m, parameters $1..$n), in `order`, without
// attendees (the calendar's blocks).
Result<std::vector<Meeting>> SelectMeetings(Connection& c, const std::string& where,
                                            std::vector<db::Value> params, const std::string& order,
                                            int64_t limit);
// The calendar's blocks: holding bookings of a site whose meeting overlaps [from, to), the
// booking's own columns only (no joined names), in start order.
Result<std::vector<Meeting>> SelectBlocks(Connection& c, int64_t site_id, int64_t from, int64_t to,
                                          int64_t longest_ms);
Status ReplaceAttendees(Connection& c, int64_t meeting_id, const std::vector<Attendee>& a);
Result<std::vector<Attendee>> Attendees(Connection& c, int64_t meeting_id);

// --- series ---
Result<int64_t> InsertSeries(Connection& c, const Series& s);
Result<std::optional<Series>> FindSeries(Connection& c, int64_t id);
Status BumpSeriesSequence(Connection& c, int64_t id, int64_t sequence, int64_t now);
// The occurrences of a series in start order (all statuses).
Result<std::vector<Meeting>> SeriesOccurrences(Connection& c, int64_t series_id);

// --- people ---
struct StaffBrief {
  int64_t id = 0;
  std::string name, email;
  std::optional<int64_t> user_id;
  bool active = true;
};
Result<std::optional<StaffBrief>> FindStaff(Connection& c, int64_t id);
struct UserBrief {
  int64_t id = 0;
  std::string name, email;
  bool disabled = false;
};
Result<std::optional<UserBrief>> FindUser(Connection& c, int64_t id);
// The staff records of a user (staff.user_id or users.staff_id).
Result<std::vector<int64_t>> StaffIdsOfUser(Connection& c, int64_t user_id);
// Active users holding `permission` through a role (sysadmins included).
Result<std::vector<int64_t>> UsersWithPermission(Connection& c, const std::string& permission);

// --- calendar feed tokens ---
Status PutFeedToken(Connection& c, int64_t user_id, const std::string& sha256, int64_t now);
Result<std::optional<int64_t>> UserOfFeedToken(Connection& c, const std::string& sha256);
Result<std::optional<int64_t>> FeedTokenCreatedAt(Connection& c, int64_t user_id);
Status DeleteFeedToken(Connection& c, int64_t user_id);

}  // namespace yingbin::meetings::store
