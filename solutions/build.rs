fn main() {
    // The `dl` exercises' test binary links libtorch; this lets it find libtorch at run time.
    ferrolab_build::rpath_libtorch();
}
