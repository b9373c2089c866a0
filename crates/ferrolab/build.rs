fn main() {
    ferrolab_build::rpath_libtorch();
}
