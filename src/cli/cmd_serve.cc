// glexia serve: the web pages, JSON API, TAXII and Navigator layers over one
// store, until SIGTERM/SIGINT.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "analysis/analysis.h"
#include "api/routes.h"
#include "cli/commands.h"
#include "history/routes.h"
#include "interop/routes.h"
#include "model/model.h"
#include "server/app.h"
#include "server/http.h"
#include "sync/routes.h"
#include "sync/schedule.h"
#include "sync/sync.h"
#include "taxii/routes.h"
#include "web/routes.h"

namespace glexia::cli {
namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  server::ServerOptions options;
  unsigned refresh_interval_s = 5;
  size_t max_models = 8;
  std::string admin_token;
  std::string rules_path;
  std::string base_url;
  std::string sync_every;   // e.g. "24h"; empty: no scheduled sync
  std::string sync_source;  // empty: MITRE's collection index
};

// "host:port", "[v6]:port", ":port" or "port".
Status ParseListen(const std::string& listen, std::string* host, uint16_t* port) {
  std::string host_part = "127.0.0.1";
  std::string port_part = listen;
  if (!listen.empty() && listen.front() == '[') {
    size_t close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      return Status::InvalidArgument("--listen " + listen + ": expected [address]:port");
    }
    host_part = listen.substr(1, close - 1);
    port_part = listen.substr(close + 2);
  } else if (size_t colon = listen.rfind(':'); colon != std::string::npos) {
    if (listen.find(':') != colon) return Status::InvalidArgument("--listen " + listen + ": put IPv6 addresses in brackets");
    if (colon > 0) host_part = listen.substr(0, colon);
    port_part = listen.substr(colon + 1);
  }
  unsigned long value = 0;
  try {
    size_t used = 0;
    value = std::stoul(port_part, &used);
    if (used != port_part.size()) throw std::invalid_argument("trailing characters");
  } catch (const std::exception&) {
    return Status::InvalidArgument("--listen " + listen + ": the port must be a number");
  }
  if (value > 65535) return Status::InvalidArgument("--listen " + listen + ": the port must be at most 65535");
  *host = host_part;
  *port = static_cast<uint16_t>(value);
  return Status::Ok();
}

// Runs `work` every `interval` on its own thread until destroyed; the
// destructor wakes the thread and joins it, so shutdown does not wait out an
// interval.
class PeriodicTask {
 public:
  PeriodicTask(std::chrono::milliseconds interval, std::function<void()> work)
      : interval_(interval), work_(std::move(work)), thread_([this] { Loop(); }) {}
  ~PeriodicTask() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

 private:
  void Loop() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stop_; })) {
      lock.unlock();
      work_();
      lock.lock();
    }
  }
  std::chrono::milliseconds interval_;
  std::function<void()> work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

// Releases imported (or removed) by another process become visible without a
// restart: the store's generation changes, and the model cache re-reads the
// release list.
std::unique_ptr<PeriodicTask> StartReleaseRefresh(store::Store& store, model::ModelCache& models,
                                                  unsigned interval_s) {
  if (interval_s == 0) return nullptr;
  auto initial = store.Generation();
  auto last = std::make_shared<int64_t>(initial.ok() ? *initial : -1);
  return std::make_unique<PeriodicTask>(std::chrono::seconds(interval_s), [&store, &models, last] {
    auto generation = store.Generation();
    if (!generation.ok()) {
      std::fprintf(stderr, "glexia: cannot read the store generation: %s\n", generation.status().ToString().c_str());
      return;
    }
    if (*generation == *last) return;
    Status refreshed = models.Refresh();
    if (!refreshed.ok()) {
      std::fprintf(stderr, "glexia: cannot refresh the release list: %s\n", refreshed.ToString().c_str());
      return;  // try again next time
    }
    *last = *generation;
    std::fprintf(stderr, "glexia: the store changed; now serving %zu releases\n", models.Releases().size());
  });
}

// `--sync-every 24h`: syncs from `--sync-source` (MITRE's index by default) at
// start and then on that interval; new releases reach the pages through the
// release refresh above.
Result<std::unique_ptr<sync::SyncScheduler>> StartPeriodicSync(const ServeFlags& flags, server::App& app) {
  if (flags.sync_every.empty()) return std::unique_ptr<sync::SyncScheduler>();
  auto every = sync::ParseDuration(flags.sync_every);
  if (!every.ok()) return every.status().WithContext("--sync-every");
  sync::SyncOptions options;
  options.source = flags.sync_source;
  options.on_message = [](const std::string& line) { std::fprintf(stderr, "glexia: sync: %s\n", line.c_str()); };
  return std::make_unique<sync::SyncScheduler>(*app.store, options, *every, [](const Result<sync::SyncReport>& r) {
    if (!r.ok()) std::fprintf(stderr, "glexia: sync failed: %s\n", r.status().ToString().c_str());
  });
}

// The analyst-context engine for technique pages and the API. An explicit
// --rules file must load; the shipped default only warns when it is missing,
// so a server without rules still serves everything else.
Result<std::unique_ptr<analysis::Engine>> LoadAnalysisEngine(const ServeFlags& flags) {
  std::string path = flags.rules_path.empty() ? analysis::DefaultRulesPath() : flags.rules_path;
  auto engine = analysis::LoadEngine(path);
  if (engine.ok() || !flags.rules_path.empty()) return engine;
  std::fprintf(stderr, "glexia: analyst context disabled: %s\n", engine.status().ToString().c_str());
  return std::unique_ptr<analysis::Engine>();
}

void RegisterAllRoutes(server::Router& router, server::App& app) {
  api::RegisterRoutes(router, app);
  web::RegisterRoutes(router, app);
  history::RegisterRoutes(router, app);
  taxii::RegisterRoutes(router, app);
  interop::RegisterRoutes(router, app);
  sync::RegisterRoutes(router, app);
}

std::string UrlHost(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

int RunServe(const Context& ctx, ServeFlags& flags) {
  Status listen = ParseListen(flags.listen, &flags.options.address, &flags.options.port);
  if (!listen.ok()) return ReportError(listen);

  auto store = ctx.OpenStore(/*read_only=*/false);
  if (!store.ok()) return ReportError(store.status());
  model::ModelCache models(**store, flags.max_models);
  Status refreshed = models.Refresh();
  if (!refreshed.ok()) return ReportError(refreshed);

  auto engine = LoadAnalysisEngine(flags);
  if (!engine.ok()) return ReportError(engine.status());

  // Bundle uploads to the admin endpoint are tens of megabytes; the 1 MiB
  // default body limit stays for servers without admin endpoints.
  if (!flags.admin_token.empty() && flags.options.max_body_bytes == server::ServerOptions{}.max_body_bytes)
    flags.options.max_body_bytes = 128u << 20;

  server::App app;
  app.store = store->get();
  app.models = &models;
  app.analysis = engine->get();
  app.admin_token = flags.admin_token;

  server::Router router;
  server::HttpServer http(flags.options, router);
  std::string error;
  if (!http.Listen(&error)) return ReportError(Status::Unavailable(error));
  std::string url = "http://" + UrlHost(flags.options.address) + ":" + std::to_string(http.port());
  app.public_base_url = flags.base_url.empty() ? url : flags.base_url;
  while (!app.public_base_url.empty() && app.public_base_url.back() == '/') app.public_base_url.pop_back();
  // Routes are added after Listen so handlers see the real base URL; nothing
  // is served before Run.
  RegisterAllRoutes(router, app);

  std::vector<std::unique_ptr<PeriodicTask>> tasks;
  if (auto refresh = StartReleaseRefresh(**store, models, flags.refresh_interval_s)) tasks.push_back(std::move(refresh));
  auto scheduler = StartPeriodicSync(flags, app);
  if (!scheduler.ok()) return ReportError(scheduler.status());

  std::printf("glexia: serving %zu releases on %s (Ctrl-C to stop)\n", models.Releases().size(), url.c_str());
  std::fflush(stdout);
  http.Run(/*handle_signals=*/true);
  if (*scheduler) (*scheduler)->Stop();
  tasks.clear();
  std::fprintf(stderr, "glexia: stopped\n");
  return 0;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, Context& ctx) {
  auto flags = std::make_shared<ServeFlags>();
  server::ServerOptions& o = flags->options;
  CLI::App* cmd = app.add_subcommand("serve", "Serve the web pages, JSON API, TAXII 2.1 and Navigator layers");
  cmd->add_option("--listen", flags->listen, "Address and port to listen on (host:port, [v6]:port or port)")
      ->capture_default_str();
  cmd->add_option("--threads", o.threads, "Worker threads; 0 = one per CPU core")->capture_default_str();
  cmd->add_option("--max-header-bytes", o.max_header_bytes, "Largest request header block (431 beyond)")
      ->capture_default_str();
  cmd->add_option("--max-body-bytes", o.max_body_bytes, "Largest request body (413 beyond)")->capture_default_str();
  cmd->add_option("--max-target-bytes", o.max_target_bytes, "Longest request target, path and query (414 beyond)")
      ->capture_default_str();
  cmd->add_option("--read-timeout-ms", o.read_timeout_ms, "Time allowed to send a whole request, headers and body")
      ->capture_default_str();
  cmd->add_option("--write-timeout-ms", o.write_timeout_ms, "Time allowed to take a response")->capture_default_str();
  cmd->add_option("--idle-timeout-ms", o.idle_timeout_ms, "How long a kept-alive connection may sit idle")
      ->capture_default_str();
  cmd->add_option("--handler-timeout-ms", o.handler_timeout_ms, "Documented bound on handler time")
      ->capture_default_str();
  cmd->add_option("--max-connections", o.max_connections, "Open connections at most (503 beyond)")
      ->capture_default_str();
  cmd->add_flag("!--no-access-log", o.access_log, "Do not log one line per request on stderr");
  cmd->add_option("--refresh-interval", flags->refresh_interval_s,
                  "Seconds between checks for releases imported by another process; 0 = never")
      ->capture_default_str();
  cmd->add_option("--max-models", flags->max_models, "Release models kept in memory at most")->capture_default_str();
  cmd->add_option("--admin-token", flags->admin_token, "Token for admin endpoints; empty disables them")
      ->envname("GLEXIA_ADMIN_TOKEN");
  cmd->add_option("--rules", flags->rules_path, "Analyst-context rules file (default: the shipped rules)");
  cmd->add_option("--base-url", flags->base_url,
                  "Public URL of this server for links (default: http://<listen address>)");
  cmd->add_option("--sync-every", flags->sync_every, "Sync on a schedule, e.g. 24h or 30m (default: never)");
  cmd->add_option("--sync-source", flags->sync_source,
                  "Where scheduled syncs read from: index URL, index file, directory or bundle (default: MITRE's index)");
  cmd->callback([&ctx, flags] { ctx.action = [&ctx, flags] { return RunServe(ctx, *flags); }; });
}

}  // namespace glexia::cli
