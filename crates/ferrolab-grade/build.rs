fn main() {
    // The `dl` checks' unit tests link libtorch.
    ferrolab_build::rpath_libtorch();
}
