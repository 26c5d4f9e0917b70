#include "sync/download.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "core/progress.h"

namespace glexia::sync {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// State of one attempt, shared with curl's callbacks.
struct Transfer {
  std::FILE* file = nullptr;
  uint64_t resume_from = 0;  // bytes already in the file when the attempt began
  uint64_t written = 0;      // bytes in the file now
  uint64_t max_bytes = 0;
  bool body_started = false;
  bool too_large = false;
  bool io_error = false;
  bool bad_range = false;
  long status = 0;
  CURL* curl = nullptr;
  // Headers of the latest response (redirects and 1xx reset them).
  std::string etag, last_modified, content_range;
  Progress* progress = nullptr;
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    t->etag.clear();
    t->last_modified.clear();
    t->content_range.clear();
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  std::string name = Lower(line.substr(0, colon));
  std::string value = line.substr(colon + 1);
  value.erase(0, value.find_first_not_of(" \t"));
  if (name == "etag") t->etag = value;
  if (name == "last-modified") t->last_modified = value;
  if (name == "content-range") t->content_range = value;
  return size * count;
}

// "bytes 100-199/200" → 100; -1 when unparsable.
long long RangeStart(const std::string& content_range) {
  long long start = -1, end = -1;
  if (std::sscanf(content_range.c_str(), "bytes %lld-%lld", &start, &end) != 2) return -1;
  return start;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (!t->body_started) {
    t->body_started = true;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &t->status);
    if (t->status == 206) {
      if (RangeStart(t->content_range) != static_cast<long long>(t->resume_from)) {
        t->bad_range = true;
        return 0;
      }
    } else if (t->status == 200) {
      // The server ignored our Range (or none was sent): start over.
      if (std::fflush(t->file) != 0 || ::ftruncate(fileno(t->file), 0) != 0 || std::fseek(t->file, 0, SEEK_SET) != 0) {
        t->io_error = true;
        return 0;
      }
      t->resume_from = 0;
      t->written = 0;
    }
  }
  if (t->status != 200 && t->status != 206) return n;  // error pages are not kept
  if (t->written + n > t->max_bytes) {
    t->too_large = true;
    return 0;
  }
  if (std::fwrite(data, 1, n, t->file) != n) {
    t->io_error = true;
    return 0;
  }
  t->written += n;
  return n;
}

int OnProgress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (dltotal > 0 && t->resume_from + static_cast<uint64_t>(dltotal) > t->max_bytes &&
      (t->status == 0 || t->status == 200 || t->status == 206)) {
    long code = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
    if (code == 200 || code == 206) {
      t->too_large = true;
      return 1;  // abort: the announced size is over the limit
    }
  }
  if (t->progress) {
    (void)dlnow;
    t->progress->Set(t->written);
  }
  return 0;
}

bool IsTransientCurlError(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
      return true;
    default:
      return false;
  }
}

bool IsTransientHttpStatus(long status) { return status >= 500 || status == 408 || status == 429; }

struct Attempt {
  Status status;
  bool transient = false;
};

}  // namespace

Result<DownloadResult> DownloadFile(const std::string& url, const std::string& dest, const DownloadOptions& options) {
  GlobalInitOnce();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return Status::Internal("cannot create a curl handle");
  const std::string part = dest + ".part";
  std::error_code ec;
  std::filesystem::remove(part, ec);  // a stale partial file from an earlier run is discarded
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(part.c_str(), "w+b"));
  if (!file) return Status::IOError("cannot create " + part);
  auto discard = [&] {
    file.reset();
    std::error_code ignored;
    std::filesystem::remove(part, ignored);
  };

  std::string label = options.label.empty() ? std::filesystem::path(url).filename().string() : options.label;
  std::unique_ptr<Progress> progress;
  if (options.progress) progress = std::make_unique<Progress>(label, 0);

  CURL* c = curl.get();
  char error_buffer[CURL_ERROR_SIZE];
  auto timeout = std::max<long>(1, static_cast<long>(options.timeout.count()));
  auto connect_timeout = std::min<long>(timeout, std::max<long>(1, static_cast<long>(options.connect_timeout.count())));

  DownloadResult result;
  std::string validator;  // ETag or Last-Modified of the partial body, for If-Range
  Attempt last;
  std::chrono::milliseconds wait = options.backoff;
  for (int attempt = 0; attempt <= std::max(0, options.retries); ++attempt) {
    if (attempt > 0) {
      if (options.on_retry) options.on_retry(attempt + 1, last.status.message());
      std::this_thread::sleep_for(wait);
      wait = std::min<std::chrono::milliseconds>(wait * 2, std::chrono::minutes(1));
    }
    result.attempts = attempt + 1;
    Transfer t;
    t.file = file.get();
    t.curl = c;
    t.max_bytes = options.max_bytes;
    t.progress = progress.get();
    std::fflush(t.file);
    long current = std::ftell(t.file);
    t.written = current > 0 ? static_cast<uint64_t>(current) : 0;
    std::unique_ptr<curl_slist, SlistDeleter> headers;
    auto add_header = [&](const std::string& h) { headers.reset(curl_slist_append(headers.release(), h.c_str())); };
    add_header("Accept-Encoding: gzip");
    if (t.written > 0 && !validator.empty()) {
      // A plain header rather than CURLOPT_RESUME_FROM: libcurl fails a
      // resume answered with 200, which If-Range makes a legitimate answer.
      t.resume_from = t.written;
      add_header("Range: bytes=" + std::to_string(t.resume_from) + "-");
      add_header("If-Range: " + validator);
    } else if (t.written > 0) {
      // Without a validator a resumed body could splice two versions: restart.
      if (::ftruncate(fileno(t.file), 0) != 0 || std::fseek(t.file, 0, SEEK_SET) != 0) {
        discard();
        return Status::IOError("cannot truncate " + part);
      }
      t.written = 0;
    }

    curl_easy_reset(c);
    error_buffer[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "glexia/0.1.0 (+sync)");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, connect_timeout);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
    // A stalled connection is a timeout too, long before the overall limit.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, std::min<long>(timeout, 60L));
    curl_easy_setopt(c, CURLOPT_HTTP_CONTENT_DECODING, 0L);  // keep gzip as sent; it is decoded on import
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);

    CURLcode code = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (!t.etag.empty() && t.etag.rfind("W/", 0) != 0) {
      validator = t.etag;  // weak validators cannot be used with If-Range
    } else if (!t.last_modified.empty()) {
      validator = t.last_modified;
    } else {
      validator.clear();
    }
    if (t.resume_from > 0 && status == 206) result.resumed = true;

    if (t.too_large) {
      discard();
      return Status::InvalidArgument(url + ": larger than the download limit of " + std::to_string(options.max_bytes) +
                                     " bytes (--max-bytes)");
    }
    if (t.io_error) {
      discard();
      return Status::IOError("cannot write " + part);
    }
    if (t.bad_range) {
      last = {Status::Unavailable(url + ": the server answered a resumed request with the wrong range"), true};
      validator.clear();
      continue;
    }
    if (code != CURLE_OK) {
      std::string detail = error_buffer[0] ? std::string(error_buffer) : curl_easy_strerror(code);
      if (code == CURLE_RANGE_ERROR || code == CURLE_BAD_DOWNLOAD_RESUME) {
        validator.clear();
        last = {Status::Unavailable(url + ": " + detail), true};
        continue;
      }
      last = {Status::Unavailable(url + ": " + detail), IsTransientCurlError(code)};
      if (!last.transient) break;
      continue;
    }
    if (status == 416) {  // our Range is past the end: the file changed; start over
      validator.clear();
      last = {Status::Unavailable(url + ": HTTP 416 on resume"), true};
      continue;
    }
    if (status != 200 && status != 206) {
      std::string message = url + ": HTTP " + std::to_string(status);
      if (status == 404 || status == 410) {
        last = {Status::NotFound(message + " (not found)"), false};
      } else {
        last = {Status::Unavailable(message), IsTransientHttpStatus(status)};
      }
      if (!last.transient) break;
      continue;
    }
    if (t.written == 0) {
      last = {Status::Corruption(url + ": the server sent an empty body"), false};
      break;
    }
    if (std::fflush(t.file) != 0 || ::fsync(fileno(t.file)) != 0) {
      discard();
      return Status::IOError("cannot write " + part);
    }
    file.reset();
    std::filesystem::rename(part, dest, ec);
    if (ec) {
      std::filesystem::remove(part, ec);
      return Status::IOError("cannot rename " + part + " to " + dest + ": " + ec.message());
    }
    if (progress) progress->Finish();
    result.bytes = t.written;
    return result;
  }
  discard();
  if (progress) progress->Finish();
  std::string attempts = result.attempts > 1 ? " (after " + std::to_string(result.attempts) + " attempts)" : "";
  return Status(last.status).WithContext(std::string("download failed") + attempts);
}

}  // namespace glexia::sync
