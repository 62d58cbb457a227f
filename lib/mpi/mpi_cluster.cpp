#include "koubei/mpi/mpi_cluster.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

namespace koubei {
namespace {

constexpr int kTag = 17;

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    throw std::runtime_error(std::string(what) + ": " + std::string(text, length));
  }
}

}  // namespace

bool MpiCluster::launched_by_mpirun() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

MpiCluster::MpiCluster(int* argc, char*** argv) {
  int provided = 0;
  check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("the MPI library does not allow threads (MPI_THREAD_FUNNELED)");
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiCluster::~MpiCluster() { MPI_Finalize(); }

std::string MpiCluster::broadcast(const std::string& text) {
  unsigned long long length = text.size();
  check(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
  std::string out = rank_ == 0 ? text : std::string(length, '\0');
  // Counts are ints: long texts go in pieces.
  constexpr std::size_t kPiece = 1 << 30;
  for (std::size_t at = 0; at < out.size(); at += kPiece) {
    const int count = static_cast<int>(std::min(kPiece, out.size() - at));
    check(MPI_Bcast(out.data() + at, count, MPI_CHAR, 0, MPI_COMM_WORLD), "MPI_Bcast");
  }
  return out;
}

void MpiCluster::send(int target, const std::string& text) {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("an MPI message over 2 GB");
  check(MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, target, kTag,
                 MPI_COMM_WORLD),
        "MPI_Send");
}

std::optional<Cluster::Message> MpiCluster::poll() {
  int waiting = 0;
  MPI_Status status;
  check(MPI_Iprobe(MPI_ANY_SOURCE, kTag, MPI_COMM_WORLD, &waiting, &status), "MPI_Iprobe");
  if (!waiting) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  Message message{status.MPI_SOURCE, std::string(static_cast<std::size_t>(count), '\0')};
  check(MPI_Recv(message.text.data(), count, MPI_CHAR, status.MPI_SOURCE, kTag, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "MPI_Recv");
  return message;
}

void MpiCluster::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();
}

}  // namespace koubei
