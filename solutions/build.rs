fn main() {
    // The `dl` exercises' test binary links libtorch; this lets it find libtorch at run time.
    ferrolab_build::rpath_libtorch();
    // The `split` tool of stage 0 (src/bin/) runs outside cargo too: find Rust's std there.
    ferrolab_build::rpath_std();
}
