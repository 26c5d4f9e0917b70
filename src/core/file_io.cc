#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace glexia {

bool LooksGzipped(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

static Result<std::string> ReadRaw(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::IOError(path + ": not a regular file");
  }
  if (static_cast<size_t>(st.st_size) > kMaxInputBytes) {
    ::close(fd);
    return Status::Corruption(path + ": file is larger than the 1 GiB input limit");
  }
  std::string buf;
  buf.reserve(static_cast<size_t>(st.st_size) + kReadPadding);
  buf.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < buf.size()) {
    ssize_t n = ::read(fd, buf.data() + done, buf.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Status::IOError(path + ": read failed: " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return buf;
}

Result<std::string> Gunzip(std::string_view data, const std::string& name) {
  // ISIZE (last 4 bytes) is the size mod 2^32 of the last member: a good first guess.
  size_t guess = data.size() * 6;
  if (data.size() >= 18) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
    size_t isize = p[0] | (p[1] << 8) | (p[2] << 16) | (size_t{p[3]} << 24);
    if (isize > data.size() && isize < kMaxInputBytes) guess = isize;
  }
  std::string out;
  out.reserve(guess + kReadPadding);
  out.resize(guess);

  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::Internal("zlib init failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  size_t produced = 0;
  int rc = Z_OK;
  while (true) {
    if (produced == out.size()) {
      if (out.size() >= kMaxInputBytes) {
        inflateEnd(&zs);
        return Status::Corruption(name + ": gzip data expands past the 1 GiB input limit");
      }
      size_t grow = std::min(kMaxInputBytes, out.size() * 2 + 4096);
      out.reserve(grow + kReadPadding);
      out.resize(grow);
    }
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - produced, 1u << 30));
    size_t before = zs.avail_out;
    rc = inflate(&zs, Z_NO_FLUSH);
    produced += before - zs.avail_out;
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      // Concatenated gzip members are legal; continue with the next one.
      if (inflateReset(&zs) != Z_OK) break;
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      return Status::Corruption(name + ": truncated gzip: stream ends after " + std::to_string(data.size()) +
                                " compressed bytes without its end marker");
    }
    if (rc == Z_BUF_ERROR) continue;  // needs more output space
    std::string why = zs.msg ? zs.msg : "error " + std::to_string(rc);
    inflateEnd(&zs);
    return Status::Corruption(name + ": corrupt gzip data at compressed byte " +
                              std::to_string(zs.total_in) + ": " + why);
  }
  inflateEnd(&zs);
  out.resize(produced);
  return out;
}

Result<std::string> ReadInputFile(const std::string& path) {
  GLEXIA_ASSIGN_OR_RETURN(std::string raw, ReadRaw(path));
  if (raw.empty()) return Status::Corruption(path + ": file is empty");
  if (!LooksGzipped(raw)) return raw;
  GLEXIA_ASSIGN_OR_RETURN(std::string inflated, Gunzip(raw, path));
  if (inflated.empty()) return Status::Corruption(path + ": gzip file holds no data");
  return inflated;
}

Status WriteFileAtomic(const std::string& path, std::string_view data) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError(tmp + ": cannot create: " + std::strerror(errno));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::IOError(tmp + ": write failed: " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Status::IOError(tmp + ": fsync/close failed: " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::IOError(path + ": rename failed: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace glexia
