fn main() {
    ferrolab_build::rpath_std();
}
