#include "complaints/rules.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/identity.hpp"

namespace yingbin::complaints {
namespace {

using S = TicketStatus;
using A = Action;

// CMP-4 (and CMP-5, CMP-6, GEN-6): every allowed move, as (action, from, to). A pair
// that is not here is an illegal transition.
struct Move {
  Action action;
  TicketStatus from, to;
};
constexpr Move kMoves[] = {
    {A::kClaim, S::kReceived, S::kReceived},
    {A::kClassify, S::kReceived, S::kClassified},
    {A::kClassify, S::kClassified, S::kClassified},  // corrected before dispatch
    {A::kDispatch, S::kClassified, S::kDispatched},
    {A::kAcknowledge, S::kDispatched, S::kInProgress},
    {A::kReturnNotice, S::kInProgress, S::kInProgress},
    {A::kReturnNotice, S::kResolved, S::kResolved},
    {A::kResolve, S::kInProgress, S::kResolved},
    {A::kReview, S::kResolved, S::kReviewed},
    {A::kRejectReview, S::kResolved, S::kInProgress},
    {A::kReport, S::kReviewed, S::kReported},
    {A::kCallbackSatisfied, S::kReported, S::kCalledBack},
    {A::kCallbackUnsatisfied, S::kReported, S::kInProgress},  // CMP-6: reopened
    {A::kCallbackAccepted, S::kReported, S::kCalledBack},     // CMP-6: the review accepts it
    {A::kArchive, S::kCalledBack, S::kArchived},
    {A::kTransfer, S::kDispatched, S::kDispatched},
    {A::kTransfer, S::kInProgress, S::kInProgress},
    {A::kRedirect, S::kClassified, S::kClassified},
    {A::kRedirect, S::kDispatched, S::kDispatched},
    {A::kRedirect, S::kInProgress, S::kDispatched},  // the new department acknowledges anew
    {A::kEscalate, S::kDispatched, S::kDispatched},
    {A::kEscalate, S::kInProgress, S::kInProgress},
    {A::kPause, S::kReceived, S::kReceived},
    {A::kPause, S::kClassified, S::kClassified},
    {A::kPause, S::kDispatched, S::kDispatched},
    {A::kPause, S::kInProgress, S::kInProgress},
    {A::kResume, S::kReceived, S::kReceived},
    {A::kResume, S::kClassified, S::kClassified},
    {A::kResume, S::kDispatched, S::kDispatched},
    {A::kResume, S::kInProgress, S::kInProgress},
    {A::kAgreeDeadline, S::kReceived, S::kReceived},
    {A::kAgreeDeadline, S::kClassified, S::kClassified},
    {A::kAgreeDeadline, S::kDispatched, S::kDispatched},
    {A::kAgreeDeadline, S::kInProgress, S::kInProgress},
    // CMP-13: the customer is told of progress in any open state.
    {A::kContact, S::kReceived, S::kReceived},
    {A::kContact, S::kClassified, S::kClassified},
    {A::kContact, S::kDispatched, S::kDispatched},
    {A::kContact, S::kInProgress, S::kInProgress},
    {A::kContact, S::kResolved, S::kResolved},
    {A::kContact, S::kReviewed, S::kReviewed},
    {A::kContact, S::kReported, S::kReported},
    {A::kContact, S::kCalledBack, S::kCalledBack},
    // Notes: any state; an archived ticket can still be annotated.
    {A::kNote, S::kReceived, S::kReceived},
    {A::kNote, S::kClassified, S::kClassified},
    {A::kNote, S::kDispatched, S::kDispatched},
    {A::kNote, S::kInProgress, S::kInProgress},
    {A::kNote, S::kResolved, S::kResolved},
    {A::kNote, S::kReviewed, S::kReviewed},
    {A::kNote, S::kReported, S::kReported},
    {A::kNote, S::kCalledBack, S::kCalledBack},
    {A::kNote, S::kArchived, S::kArchived},
};

// Who may make each action (the table's second half). Bits of Actor.
enum Who : unsigned { kOwner = 1, kAssignee = 2, kWriter = 4, kReviewer = 8 };
struct Permit {
  Action action;
  unsigned who;
};
constexpr Permit kPermits[] = {
    {A::kClaim, kWriter | kOwner},
    {A::kClassify, kWriter | kOwner},
    {A::kDispatch, kWriter | kOwner},
    {A::kAcknowledge, kAssignee | kWriter},
    {A::kReturnNotice, kAssignee | kWriter},
    {A::kResolve, kAssignee | kWriter},
    {A::kReview, kReviewer},
    {A::kRejectReview, kReviewer},
    {A::kReport, kOwner | kAssignee | kWriter},
    {A::kCallbackSatisfied, kOwner | kAssignee | kWriter},
    {A::kCallbackUnsatisfied, kOwner | kAssignee | kWriter},
    {A::kCallbackAccepted, kReviewer},
    // GEN-6: the owner signs off the closure; the GM office (reviewers) may instead.
    {A::kArchive, kOwner | kReviewer},
    {A::kTransfer, kOwner | kAssignee | kWriter},
    {A::kRedirect, kOwner | kAssignee | kWriter},
    {A::kEscalate, kOwner | kAssignee | kWriter},
    {A::kPause, kOwner | kAssignee | kWriter},
    {A::kResume, kOwner | kAssignee | kWriter},
    {A::kNote, kOwner | kAssignee | kWriter | kReviewer},
    {A::kContact, kOwner | kAssignee | kWriter},
    {A::kAgreeDeadline, kOwner | kAssignee | kWriter},
};

constexpr Action kDisplayOrder[] = {
    A::kClaim,
    A::kClassify,
    A::kDispatch,
    A::kAcknowledge,
    A::kReturnNotice,
    A::kResolve,
    A::kReview,
    A::kRejectReview,
    A::kReport,
    A::kCallbackSatisfied,
    A::kCallbackUnsatisfied,
    A::kCallbackAccepted,
    A::kArchive,
    A::kContact,
    A::kAgreeDeadline,
    A::kTransfer,
    A::kRedirect,
    A::kEscalate,
    A::kPause,
    A::kResume,
    A::kNote,
};

unsigned Bits(const Actor& a) {
  return (a.owner ? kOwner : 0u) | (a.assignee ? kAssignee : 0u) | (a.writer ? kWriter : 0u) |
         (a.reviewer ? kReviewer : 0u);
}

}  // namespace

const char* StatusName(TicketStatus s) {
  switch (s) {
    case S::kReceived:
      return "received";
    case S::kClassified:
      return "classified";
    case S::kDispatched:
      return "dispatched";
    case S::kInProgress:
      return "in_progress";
    case S::kResolved:
      return "resolved";
    case S::kReviewed:
      return "reviewed";
    case S::kReported:
      return "reported";
    case S::kCalledBack:
      return "called_back";
    case S::kArchived:
      return "archived";
  }
  return "received";
}

std::optional<TicketStatus> ParseStatus(std::string_view s) {
  for (TicketStatus st : {S::kReceived, S::kClassified, S::kDispatched, S::kInProgress,
                          S::kResolved, S::kReviewed, S::kReported, S::kCalledBack, S::kArchived})
    if (s == StatusName(st)) return st;
  return std::nullopt;
}

bool IsOpen(TicketStatus s) { return s != S::kArchived; }

bool IsChannel(std::string_view c) {
  return std::any_of(std::begin(kChannels), std::end(kChannels),
                     [&](const char* x) { return c == x; });
}
bool IsSeverity(std::string_view s) {
  return std::any_of(std::begin(kSeverities), std::end(kSeverities),
                     [&](const char* x) { return s == x; });
}
bool IsClockKind(std::string_view k) {
  return std::any_of(std::begin(kClockKinds), std::end(kClockKinds),
                     [&](const char* x) { return k == x; });
}

const char* UnitName(LimitUnit u) {
  switch (u) {
    case LimitUnit::kWorkingDays:
      return "working_days";
    case LimitUnit::kWorkingHours:
      return "working_hours";
    case LimitUnit::kHours:
      return "hours";
  }
  return "working_days";
}

std::optional<LimitUnit> ParseUnit(std::string_view s) {
  for (LimitUnit u : {LimitUnit::kWorkingDays, LimitUnit::kWorkingHours, LimitUnit::kHours})
    if (s == UnitName(u)) return u;
  return std::nullopt;
}

const char* ActionName(Action a) {
  switch (a) {
    case A::kClaim:
      return "claim";
    case A::kClassify:
      return "classify";
    case A::kDispatch:
      return "dispatch";
    case A::kAcknowledge:
      return "acknowledge";
    case A::kReturnNotice:
      return "return_notice";
    case A::kResolve:
      return "resolve";
    case A::kReview:
      return "review";
    case A::kRejectReview:
      return "reject_review";
    case A::kReport:
      return "report";
    case A::kCallbackSatisfied:
      return "callback_satisfied";
    case A::kCallbackUnsatisfied:
      return "callback_unsatisfied";
    case A::kCallbackAccepted:
      return "callback_accepted";
    case A::kArchive:
      return "archive";
    case A::kTransfer:
      return "transfer";
    case A::kRedirect:
      return "redirect";
    case A::kEscalate:
      return "escalate";
    case A::kPause:
      return "pause";
    case A::kResume:
      return "resume";
    case A::kNote:
      return "note";
    case A::kContact:
      return "contact";
    case A::kAgreeDeadline:
      return "agree_deadline";
  }
  return "note";
}

core::Result<TicketStatus> Next(TicketStatus from, Action action) {
  for (const Move& m : kMoves)
    if (m.action == action && m.from == from) return m.to;
  return core::Conflict("complaints.illegal_transition")
      .With("state", StatusName(from))
      .With("action", ActionName(action))
      .With("state_label", std::string("complaints.state.") + StatusName(from))
      .With("action_label", std::string("complaints.action.") + ActionName(action));
}

bool MayAct(Action action, const Actor& actor) {
  for (const Permit& p : kPermits)
    if (p.action == action) return (p.who & Bits(actor)) != 0;
  return false;
}

bool NeedsRunning(Action action) {
  switch (action) {
    case A::kClassify:
    case A::kDispatch:
    case A::kAcknowledge:
    case A::kResolve:
    case A::kReview:
    case A::kRejectReview:
    case A::kReport:
    case A::kCallbackSatisfied:
    case A::kCallbackUnsatisfied:
    case A::kCallbackAccepted:
    case A::kArchive:
    case A::kPause:
      return true;
    case A::kClaim:
    case A::kReturnNotice:
    case A::kTransfer:
    case A::kRedirect:
    case A::kEscalate:
    case A::kResume:
    case A::kNote:
    case A::kContact:
    case A::kAgreeDeadline:
      return false;
  }
  return true;
}

std::vector<Action> AllowedActions(TicketStatus status, bool paused, const Actor& actor) {
  std::vector<Action> out;
  for (Action a : kDisplayOrder) {
    if (!Next(status, a)) continue;
    if (!MayAct(a, actor)) continue;
    if (paused && NeedsRunning(a)) continue;
    if (!paused && a == A::kResume) continue;
    out.push_back(a);
  }
  return out;
}

std::string TicketNumber(std::string_view prefix, int32_t day, int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08d-%04lld", day, static_cast<long long>(seq));
  return std::string(prefix) + buf;
}

TicketSearch ParseTicketSearch(std::string_view q, std::string_view number_prefix) {
  auto is_digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  auto is_letter = [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); };
  while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
  while (!q.empty() && q.back() == ' ') q.remove_suffix(1);
  // A ticket number: letters, the 8-digit day, then '-' and the sequence, or nothing.
  size_t letters = 0;
  while (letters < q.size() && is_letter(q[letters])) ++letters;
  const std::string_view rest = q.substr(letters);
  const bool day = rest.size() >= 8 && std::all_of(rest.begin(), rest.begin() + 8, is_digit);
  if (day && rest.size() == 8 && letters > 0) {
    std::string prefix(q);
    for (auto& ch : prefix) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return {TicketSearch::Kind::kNumberPrefix, std::move(prefix)};
  }
  if (day && rest.size() > 9 && rest.size() <= 15 && rest[8] == '-' &&
      std::all_of(rest.begin() + 9, rest.end(), is_digit)) {
    std::string letters_part(q.substr(0, letters));
    for (auto& ch : letters_part)
      ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const int32_t d = std::stoi(std::string(rest.substr(0, 8)));
    const int64_t seq = std::stoll(std::string(rest.substr(9)));
    return {TicketSearch::Kind::kNumber,
            TicketNumber(letters > 0 ? std::string_view(letters_part) : number_prefix, d, seq)};
  }
  // A phone number, whole or its last four digits.
  const bool phoneish = !q.empty() && std::all_of(q.begin(), q.end(), [&](char ch) {
    return is_digit(ch) || ch == ' ' || ch == '+' || ch == '-' || ch == '(' || ch == ')';
  });
  if (phoneish) {
    std::string digits;
    for (char ch : q)
      if (is_digit(ch)) digits += ch;
    if (digits.size() >= 7) return {TicketSearch::Kind::kPhone, core::NormalisePhone(q)};
    if (digits.size() >= 4) return {TicketSearch::Kind::kPhoneTail, digits.substr(digits.size() - 4)};
  }
  return {TicketSearch::Kind::kWords, std::string(q)};
}

std::optional<LadderStep> NextStep(int current_step, std::optional<int64_t> current_assignee,
                                   const LadderPeople& people) {
  auto at = [&](int step) -> std::optional<int64_t> {
    switch (step) {
      case 1:
        return people.supervisor ? people.supervisor : people.head;
      case 2:
        return people.head;
      case 3:
        return people.gm;
      default:
        return std::nullopt;
    }
  };
  for (int step = std::max(current_step, 0) + 1; step <= 3; ++step) {
    auto user = at(step);
    // A rung without anyone, or with the person who has it already, is passed over: the
    // ticket must reach someone higher (CMP-11).
    if (!user || user == current_assignee) continue;
    return LadderStep{step, *user};
  }
  return std::nullopt;
}

std::optional<int64_t> PickLeastLoaded(const std::vector<Candidate>& members) {
  const Candidate* best = nullptr;
  for (const Candidate& c : members) {
    if (!c.on_duty) continue;
    if (!best || c.open_tickets < best->open_tickets ||
        (c.open_tickets == best->open_tickets && c.user_id < best->user_id))
      best = &c;
  }
  if (!best) return std::nullopt;
  return best->user_id;
}

core::Status CheckNoticeComplete(const std::optional<Notice>& notice) {
  if (!notice || !notice->Returned()) return core::Conflict("complaints.notice_not_returned");
  if (notice->cause.empty()) return core::Conflict("complaints.notice_incomplete", "cause");
  if (notice->fix.empty()) return core::Conflict("complaints.notice_incomplete", "fix");
  if (notice->responsible_person.empty())
    return core::Conflict("complaints.notice_incomplete", "responsible_person");
  return core::Ok();
}

}  // namespace yingbin::complaints
