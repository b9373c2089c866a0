//! The notebook runner itself must fail notebooks that fail: a panicking cell and a
//! cell whose `?` returned an error (evcxr reports both to Jupyter as successes), and a
//! mangled notebook file.
//! Runs through the real `ferrolab-math` kernel, so `./ferrolab setup` must have run.

mod common;

#[test]
fn a_failing_assert_fails_the_notebook_and_names_the_cell() {
    let run = common::run_notebooks(&[common::fixture("panicking.ipynb")], None);
    assert!(
        !run.success,
        "the runner passed a notebook with a failing assert:\n{}",
        run.output
    );
    assert!(
        run.output.contains("panicking.ipynb cell 2"),
        "the failure must name the cell:\n{}",
        run.output
    );
    assert!(
        run.output.contains("the sum is wrong"),
        "the failure must quote the panic:\n{}",
        run.output
    );
    assert!(
        !run.output.contains("cell 3"),
        "a cell tagged raises-exception that panics is expected, not a failure:\n{}",
        run.output
    );
}

#[test]
fn a_mangled_notebook_is_reported_not_crashed_on() {
    let run = common::run_notebooks(&[common::fixture("mangled.ipynb")], None);
    assert!(!run.success);
    assert!(
        run.output.contains("mangled.ipynb: not a valid notebook"),
        "{}",
        run.output
    );
}

#[test]
fn an_error_returned_by_question_mark_fails_the_cell() {
    let run = common::run_notebooks(&[common::fixture("question_mark.ipynb")], None);
    assert!(
        !run.success,
        "the runner passed a cell whose `?` returned an error:\n{}",
        run.output
    );
    assert!(
        run.output.contains("question_mark.ipynb cell 1") && run.output.contains("invalid digit"),
        "the failure must name the cell and quote the error:\n{}",
        run.output
    );
    assert!(
        !run.output.contains("cell 2"),
        "a cell tagged stderr-ok may write to stderr:\n{}",
        run.output
    );
}
