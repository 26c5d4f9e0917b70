// SHA-256 over byte ranges (OpenSSL). Thread-safe: no shared state.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace glexia {

using Digest = std::array<uint8_t, 32>;

Digest Sha256(std::string_view bytes);
std::string ToHex(const Digest& digest);
std::string Sha256Hex(std::string_view bytes);

// Incremental hashing for streams (downloads, whole files).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view bytes);
  Digest Finish();

 private:
  void* ctx_;  // EVP_MD_CTX*, kept out of the header
};

}  // namespace glexia
