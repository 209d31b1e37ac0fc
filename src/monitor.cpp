// Position monitor: discovery, one-block reads, engine evaluation, level changes.
#include <liquidbot/monitor.hpp>

#include "detail/monitor_set.hpp"

#include <algorithm>
#include <mutex>
#include <utility>

namespace liquidbot::monitor {

Status Config::validate() const {
  if (sweep_every_blocks == 0) return make_error(Errc::invalid_argument, "monitor: sweep_every_blocks is 0");
  if (discover_every_blocks == 0) return make_error(Errc::invalid_argument, "monitor: discover_every_blocks is 0");
  if (log_range == 0) return make_error(Errc::invalid_argument, "monitor: log_range is 0");
  return risk.validate();
}

std::string_view to_string(Source source) noexcept {
  switch (source) {
    case Source::none: return "none";
    case Source::subgraph: return "subgraph";
    case Source::events: return "events";
  }
  return "none";
}

struct Monitor::Impl {
  rpc::Client* client;
  reader::Reader* reader;
  std::optional<subgraph::Client> subgraph;
  Config config;
  ChangeCallback callback;
  std::vector<UserState> states;          ///< ascending by user
  std::vector<Address> pinned;            ///< added by hand (ascending): never dropped
  std::uint64_t last_sweep_block = 0;     ///< block of the last read of every user
  bool swept = false;
  std::uint64_t last_discovery_block = 0;
  bool discovered = false;
  std::uint64_t events_next_block = 0;    ///< first block the fallback has not scanned
  Health health;
  std::mutex queue_mutex;
  std::vector<Change> queue;

  void fail(const Error& error) {
    health.last_error = error.message;
    ++health.consecutive_failures;
    health.stale_blocks = health.head_block > health.last_good_block ? health.head_block - health.last_good_block : 0;
    if (health.last_good_block != 0)
      health.stale_for = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now() -
                                                                               health.last_good_time);
  }

  /// Inserts users not yet known (kept sorted). Returns how many were new.
  std::size_t merge(std::vector<Address> users) {
    std::sort(users.begin(), users.end());
    users.erase(std::unique(users.begin(), users.end()), users.end());
    std::vector<UserState> merged;
    merged.reserve(states.size() + users.size());
    std::size_t added = 0;
    auto known = states.begin();
    for (const Address& user : users) {
      while (known != states.end() && known->user < user) merged.push_back(std::move(*known++));
      if (known != states.end() && known->user == user) {
        merged.push_back(std::move(*known++));
        continue;
      }
      UserState fresh;
      fresh.user = user;
      merged.push_back(std::move(fresh));
      ++added;
    }
    while (known != states.end()) merged.push_back(std::move(*known++));
    states = std::move(merged);
    return added;
  }

  /// Scans Borrow events from events_next_block to head (bounded by events_max_blocks).
  Status scan_events(std::uint64_t head) {
    std::uint64_t from = std::max(events_next_block, config.events_from_block);
    if (config.events_max_blocks != 0 && head >= config.events_max_blocks && from < head - config.events_max_blocks + 1)
      from = head - config.events_max_blocks + 1;
    if (from > head) return {};
    auto scan = subgraph::scan_borrow_events(*client, reader->addresses().pool, from, head, config.log_range);
    if (!scan) return std::move(scan).error();
    merge(std::move(scan->borrowers));
    events_next_block = head + 1;
    return {};
  }

  /// Subgraph sweep (then the events since its block), or the event fallback.
  Status discover(std::uint64_t head, CycleReport& report) {
    report.discovered = true;
    if (subgraph) {
      auto sweep = subgraph->sweep(head);
      if (sweep) {
        std::vector<Address> users;
        users.reserve(sweep->borrowers.size());
        for (const subgraph::Borrower& borrower : sweep->borrowers) users.push_back(borrower.user);
        // Users the sweep no longer lists stay until a chain read shows no debt: the subgraph may
        // lag behind Borrow events already merged.
        merge(std::move(users));
        events_next_block = std::max(events_next_block, sweep->block + 1);
        // Borrowers newer than the indexed block; a failure here leaves them to the next cycle.
        if (auto status = scan_events(head); !status) health.last_error = status.error().message;
        report.source = Source::subgraph;
        health.discovery_error.clear();
        return {};
      }
      health.discovery_error = sweep.error().message;
      health.last_error = sweep.error().message;
    }
    if (auto status = scan_events(head); !status) return status;
    report.source = Source::events;
    return {};
  }

  void record(UserState& state, const reader::UserRead& read, std::uint64_t block,
              std::vector<Change>& changes, CycleReport& report) {
    auto scored = aave::score_risk(read.snapshot, config.risk);
    if (!scored) {
      ++report.failed_users;
      ++health.failed_user_reads;
      health.last_error = "monitor: " + state.user.to_hex() + ": " + scored.error().message;
      return;
    }
    const std::optional<aave::RiskLevel> previous =
        state.block == 0 ? std::nullopt : std::optional<aave::RiskLevel>(state.risk.level);
    state.risk = *scored;
    state.on_chain = read.on_chain;
    state.matches_chain = scored->account == read.on_chain;
    state.block = block;
    const bool changed = previous ? *previous != scored->level : scored->level != aave::RiskLevel::ok;
    if (changed) changes.push_back(Change{state.user, previous, scored->level, *scored, block});
  }
};

Monitor::Monitor(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Monitor::Monitor(Monitor&&) noexcept = default;
Monitor& Monitor::operator=(Monitor&&) noexcept = default;
Monitor::~Monitor() = default;

Result<Monitor> Monitor::create(rpc::Client& client, reader::Reader& reader, std::optional<subgraph::Client> subgraph,
                                Config config) {
  if (auto status = config.validate(); !status) return std::move(status).error();
  auto impl = std::make_unique<Impl>();
  impl->client = &client;
  impl->reader = &reader;
  impl->subgraph = std::move(subgraph);
  impl->events_next_block = config.events_from_block;
  impl->config = std::move(config);
  return Monitor(std::move(impl));
}

void Monitor::on_change(ChangeCallback callback) { impl_->callback = std::move(callback); }

void Monitor::add_borrowers(std::span<const Address> users) {
  Impl& m = *impl_;
  m.merge(std::vector<Address>(users.begin(), users.end()));
  m.pinned.insert(m.pinned.end(), users.begin(), users.end());
  std::sort(m.pinned.begin(), m.pinned.end());
  m.pinned.erase(std::unique(m.pinned.begin(), m.pinned.end()), m.pinned.end());
}

Result<CycleReport> Monitor::step(bool full) {
  Impl& m = *impl_;
  using Clock = std::chrono::steady_clock;
  CycleReport report;
  auto head = m.reader->resolve(rpc::BlockTag::latest());
  if (!head) {
    m.fail(head.error());
    return std::move(head).error();
  }
  report.block = *head;
  m.health.head_block = std::max(m.health.head_block, *head);

  // Discovery: a failure here is not fatal while a borrower set exists.
  if (full || !m.discovered || *head >= m.last_discovery_block + m.config.discover_every_blocks) {
    const auto started = Clock::now();
    auto status = m.discover(*head, report);
    report.discovery_time = Clock::now() - started;
    if (status) {
      m.discovered = true;
      m.last_discovery_block = *head;
      m.health.discovery_source = report.source;
      m.health.discovery_block = *head;
    } else {
      report.source = Source::none;
      if (m.states.empty()) {
        m.fail(status.error());
        return std::move(status).error();
      }
      m.health.last_error = status.error().message;
    }
  }
  report.borrowers = m.states.size();

  // Which users are due: everyone on a sweep, else hot users and users never read.
  const bool sweep = full || !m.swept || *head >= m.last_sweep_block + m.config.sweep_every_blocks;
  std::vector<std::size_t> due;
  std::vector<Address> addresses;
  for (std::size_t i = 0; i < m.states.size(); ++i) {
    const UserState& state = m.states[i];
    if (sweep || state.block == 0 || state.risk.level != aave::RiskLevel::ok) {
      due.push_back(i);
      addresses.push_back(state.user);
    }
  }

  const auto read_started = Clock::now();
  auto market = m.reader->read_market(*head);
  if (!market) {
    report.read_time = Clock::now() - read_started;
    m.fail(market.error());
    return std::move(market).error();
  }
  std::vector<Result<reader::UserRead>> reads;
  if (!addresses.empty()) {
    auto users = m.reader->read_users(*market, addresses);
    if (!users) {
      report.read_time = Clock::now() - read_started;
      m.fail(users.error());
      return std::move(users).error();
    }
    reads = std::move(*users);
  }
  report.read_time = Clock::now() - read_started;
  if (reads.size() != due.size()) {
    Error error = make_error(Errc::internal, "monitor: reader returned " + std::to_string(reads.size()) +
                                                 " user reads for " + std::to_string(due.size()) + " users");
    m.fail(error);
    return error;
  }

  const auto evaluate_started = Clock::now();
  std::vector<Change> changes;
  std::vector<Address> repaid;  // read with no borrowing bit left (ascending, as `due`)
  for (std::size_t k = 0; k < due.size(); ++k) {
    UserState& state = m.states[due[k]];
    if (!reads[k]) {
      ++report.failed_users;
      ++m.health.failed_user_reads;
      m.health.last_error = "monitor: " + state.user.to_hex() + ": " + reads[k].error().message;
      continue;
    }
    m.record(state, *reads[k], *head, changes, report);
    if (!detail::borrows_anything(reads[k]->snapshot.user.configuration)) repaid.push_back(state.user);
  }
  report.users_read = due.size() - report.failed_users;
  if (!repaid.empty()) {
    report.dropped += detail::drop_users(m.states, m.pinned, [&](const UserState& state) {
      return std::binary_search(repaid.begin(), repaid.end(), state.user);
    });
  }
  report.borrowers = m.states.size();
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return aave::more_urgent(a.risk, b.risk); });
  for (const UserState& state : m.states)
    if (state.block != 0 && state.risk.level != aave::RiskLevel::ok) ++report.hot_users;
  report.evaluate_time = Clock::now() - evaluate_started;
  report.changes = changes.size();

  if (sweep) {
    m.swept = true;
    m.last_sweep_block = *head;
  }
  m.health.last_good_block = *head;
  m.health.last_good_time = std::chrono::system_clock::now();
  m.health.stale_blocks = 0;
  m.health.stale_for = std::chrono::milliseconds{0};
  m.health.consecutive_failures = 0;
  for (const Change& change : changes)
    if (m.callback) m.callback(change);
  {
    const std::lock_guard lock(m.queue_mutex);
    for (Change& change : changes) m.queue.push_back(std::move(change));
  }
  return report;
}

std::vector<UserState> Monitor::at_risk() const {
  std::vector<UserState> out;
  for (const UserState& state : impl_->states)
    if (state.block != 0 && state.risk.level != aave::RiskLevel::ok) out.push_back(state);
  std::stable_sort(out.begin(), out.end(),
                   [](const UserState& a, const UserState& b) { return aave::more_urgent(a.risk, b.risk); });
  return out;
}

std::vector<UserState> Monitor::users() const { return impl_->states; }

const Health& Monitor::health() const noexcept { return impl_->health; }

std::vector<Change> Monitor::take_changes() {
  const std::lock_guard lock(impl_->queue_mutex);
  return std::exchange(impl_->queue, {});
}

}  // namespace liquidbot::monitor
