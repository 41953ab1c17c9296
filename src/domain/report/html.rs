//! The class report as one self-contained HTML page (inline CSS, no script, nothing fetched): a
//! heat map of learners by exercises, the pass rate of each exercise among those who attempted
//! it, a histogram of scores, quiz item analysis (percent correct per question, and how often
//! each choice was picked), groups of byte-identical files across learners, and every problem.
//! Colour is never the only signal: each cell carries its mark and a spoken label. Everything a
//! learner could have written goes through `escape::html`.

use std::fmt::Write as _;

use super::{escape::html as esc, exercise, glyph, number, percent, quiz, rate, short, GLYPHS};
use crate::domain::grade::record::{
    count, passes, ClassReport, CourseQuiz, CourseShape, Status, Submission,
};

const STYLE: &str = "
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif; color: var(--fg);
       margin: 0 auto; padding: 24px; max-width: 1400px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta, .note { color: var(--muted); }
nav a { margin-right: 14px; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: middle; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #f6f8fa; }
.heat td.cell { width: 26px; min-width: 26px; text-align: center; font-weight: 700; padding: 3px 0; }
.heat thead th.ex { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 500; font-size: 12px;
                    white-space: nowrap; padding: 6px 2px; }
.s-passed { background: #2da44e; color: #fff; }
.s-failed { background: #cf222e; color: #fff; }
.s-compile_error { background: #fb8f44; color: #1f2328; }
.s-timed_out { background: #8250df; color: #fff; }
.s-rejected { background: #1f2328; color: #ffd33d; }
.s-not_attempted { background: #eaeef2; color: #59636e; }
.s-missing { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #eaeef2 4px, #eaeef2 8px); color: #59636e; }
.legend span { display: inline-block; padding: 1px 8px; margin: 2px 6px 2px 0; border-radius: 3px; font-weight: 600; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.bar { display: inline-block; height: 14px; background: #0969da; vertical-align: middle; border-radius: 2px; }
.track { display: inline-block; width: 220px; background: #eaeef2; border-radius: 2px; margin-right: 8px; }
.right { font-weight: 700; color: #1a7f37; }
ul.problems li { margin: 2px 0; }
code { font-size: 12px; }
";

pub fn html(report: &ClassReport) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<title>statelings class report</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    header(&mut out, report);
    problems(&mut out, report);
    heat_map(&mut out, report);
    pass_rates(&mut out, report);
    histogram(&mut out, report);
    item_analysis(&mut out, report);
    similar(&mut out, report);
    out.push_str("</body>\n</html>\n");
    out
}

fn header(out: &mut String, report: &ClassReport) {
    let summary = &report.summary;
    let _ = writeln!(
        out,
        "<header>\n<h1>Class report</h1>\n<p id=\"overview\"><span id=\"submissions\">{}</span>, mean score <span id=\"mean\">{:.1}</span> of <span id=\"max\">{}</span>; {}.</p>",
        count(summary.submissions, "submission", "submissions"),
        summary.mean_score,
        summary.max_score,
        count(report.missing.len(), "roster entry with no submission", "roster entries with no submission"),
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">Course version <code>{}</code>; graded by statelings {}; isolation: {}{}.</p>",
        esc(&report.course.version),
        esc(&report.statelings),
        esc(&report.sandbox),
        report
            .shard
            .as_ref()
            .map(|shard| format!("; shard {}", esc(shard)))
            .unwrap_or_default()
    );
    out.push_str("<nav><a href=\"#problems\">Problems</a><a href=\"#heatmap\">Learners × exercises</a><a href=\"#pass-rates\">Pass rates</a><a href=\"#histogram\">Scores</a><a href=\"#quizzes\">Quizzes</a><a href=\"#similar\">Identical files</a></nav>\n</header>\n");
}

fn problems(out: &mut String, report: &ClassReport) {
    let all = report.all_problems();
    let _ = writeln!(
        out,
        "<section id=\"problems\">\n<h2>Problems ({})</h2>",
        all.len()
    );
    if all.is_empty() {
        out.push_str(
            "<p class=\"note\">Nothing was left ungraded, and no submission had a problem.</p>\n",
        );
    } else {
        out.push_str("<ul class=\"problems\">\n");
        for (who, problem) in all {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong>: {}</li>",
                who.map_or_else(|| "not graded".to_owned(), esc),
                esc(problem)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn heat_map(out: &mut String, report: &ClassReport) {
    let course = &report.course;
    let chapters = course.chapters();
    out.push_str("<section id=\"heatmap\">\n<h2>Learners × exercises</h2>\n<p class=\"legend\">");
    status_legend(out);
    out.push_str("<span class=\"s-missing\">missing</span></p>\n");
    heat_head(out, course, &chapters);
    for submission in &report.submissions {
        heat_row(out, course, submission);
    }
    for learner in &report.missing {
        let _ = writeln!(
            out,
            "<tr class=\"missing\"><th scope=\"row\">{} <small>{}</small></th><td class=\"s-missing\" colspan=\"{}\">missing: no submission was found</td><td></td><td></td></tr>",
            esc(&learner.id),
            esc(&learner.name),
            course.exercises.len() + course.quizzes.len()
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let legend: Vec<String> = chapters
        .iter()
        .map(|chapter| format!("{} = {}", esc(&number(chapter)), esc(short(chapter))))
        .collect();
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>\n</section>",
        legend.join(", ")
    );
}

/// One coloured sample per status, with its mark and name.
fn status_legend(out: &mut String) {
    for status in Status::ALL {
        let _ = write!(
            out,
            "<span class=\"s-{}\">{} {}</span>",
            status.id(),
            glyph(status),
            status.id().replace('_', " ")
        );
    }
}

/// The heat map's table head: chapters over their exercises, then quizzes, total and percent.
fn heat_head(out: &mut String, course: &CourseShape, chapters: &[&str]) {
    let _ = writeln!(
        out,
        "<table class=\"heat\">\n<caption class=\"sr\">Each learner's status on each exercise: {GLYPHS}</caption>\n<thead>\n<tr><th rowspan=\"2\" scope=\"col\">Learner</th>"
    );
    for chapter in chapters {
        let n = course
            .exercises
            .iter()
            .filter(|e| e.chapter == *chapter)
            .count();
        let _ = write!(
            out,
            "<th colspan=\"{n}\" scope=\"colgroup\" title=\"{}\">{}</th>",
            esc(chapter),
            esc(&number(chapter))
        );
    }
    for q in &course.quizzes {
        let _ = write!(
            out,
            "<th rowspan=\"2\" scope=\"col\" class=\"num\">quiz {}<br><small>of {}</small></th>",
            esc(&q.name),
            q.max_score
        );
    }
    out.push_str("<th rowspan=\"2\" scope=\"col\" class=\"num\">Total</th><th rowspan=\"2\" scope=\"col\" class=\"num\">%</th></tr>\n<tr>");
    for e in &course.exercises {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"ex\" title=\"{0} ({1} points)\">{0}</th>",
            esc(&e.name),
            e.points
        );
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
}

/// One learner's row: a cell per exercise (colour, mark, spoken status, the message as a title),
/// the quiz scores, total and percent.
fn heat_row(out: &mut String, course: &CourseShape, submission: &Submission) {
    let _ = write!(
        out,
        "<tr data-learner=\"{0}\"><th scope=\"row\">{0}{1}</th>",
        esc(&submission.id),
        if submission.name.is_empty() {
            String::new()
        } else {
            format!(" <small>{}</small>", esc(&submission.name))
        }
    );
    for e in &course.exercises {
        let grade = exercise(submission, &e.name);
        let status = grade.map_or(Status::NotAttempted, |g| g.status);
        let title = match grade {
            Some(g) if !g.message.is_empty() => {
                format!("{}: {} — {}", e.name, status.id(), g.message)
            }
            _ => format!("{}: {}", e.name, status.id()),
        };
        let _ = write!(
            out,
            "<td class=\"cell s-{}\" title=\"{}\">{}<span class=\"sr\"> {}</span></td>",
            status.id(),
            esc(&title),
            glyph(status),
            status.id().replace('_', " ")
        );
    }
    for q in &course.quizzes {
        let text = match quiz(submission, &q.name) {
            Some(g) if g.taken => format!("{}", g.score),
            _ => "–<span class=\"sr\">not taken</span>".to_owned(),
        };
        let _ = write!(out, "<td class=\"num\">{text}</td>");
    }
    let _ = writeln!(
        out,
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        submission.score,
        percent(submission.score, submission.max_score)
    );
}

fn pass_rates(out: &mut String, report: &ClassReport) {
    out.push_str("<section id=\"pass-rates\">\n<h2>Pass rate per exercise</h2>\n<p class=\"note\">Among the learners who attempted each exercise (handed in something other than the starting code).</p>\n");
    out.push_str("<table>\n<thead><tr><th scope=\"col\">Exercise</th><th scope=\"col\">Chapter</th><th scope=\"col\" class=\"num\">Attempted</th><th scope=\"col\" class=\"num\">Passed</th><th scope=\"col\">Pass rate</th></tr></thead>\n<tbody>\n");
    for (summary, e) in report
        .summary
        .exercises
        .iter()
        .zip(&report.course.exercises)
    {
        let bar = match summary.pass_rate {
            Some(r) => format!(
                "<span class=\"track\"><span class=\"bar\" style=\"width: {:.0}%\"></span></span><span class=\"rate\">{}</span>",
                r * 100.0,
                rate(Some(r))
            ),
            None => "<span class=\"rate note\">nobody attempted</span>".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr data-exercise=\"{0}\" data-attempted=\"{1}\" data-passed=\"{2}\"><th scope=\"row\">{0}</th><td>{3}</td><td class=\"num\">{1}</td><td class=\"num\">{2}</td><td>{bar}</td></tr>",
            esc(&summary.name),
            summary.attempted,
            summary.passed,
            esc(short(&e.chapter))
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn histogram(out: &mut String, report: &ClassReport) {
    let mut bins = [0usize; 10];
    for submission in &report.submissions {
        let pct = if submission.max_score == 0 {
            0
        } else {
            (u64::from(submission.score) * 100 / u64::from(submission.max_score)) as usize
        };
        bins[(pct / 10).min(9)] += 1;
    }
    let most = bins.iter().copied().max().unwrap_or(0).max(1);
    out.push_str("<section id=\"histogram\">\n<h2>Scores</h2>\n<p class=\"note\">Learners by total score, in tenths of the maximum.</p>\n");
    out.push_str("<table>\n<thead><tr><th scope=\"col\">Score</th><th scope=\"col\">Learners</th><th scope=\"col\" class=\"num\">Count</th></tr></thead>\n<tbody>\n");
    for (idx, n) in bins.iter().enumerate() {
        let low = idx * 10;
        let label = if idx == 9 {
            "90–100%".to_owned()
        } else {
            format!("{low}–{}%", low + 9)
        };
        let _ = writeln!(
            out,
            "<tr data-bin=\"{low}\" data-count=\"{n}\"><th scope=\"row\">{label}</th><td><span class=\"track\"><span class=\"bar\" style=\"width: {:.0}%\"></span></span></td><td class=\"num\">{n}</td></tr>",
            *n as f64 * 100.0 / most as f64
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn item_analysis(out: &mut String, report: &ClassReport) {
    out.push_str("<section id=\"quizzes\">\n<h2>Quiz item analysis</h2>\n");
    if report.course.quizzes.is_empty() {
        out.push_str("<p class=\"note\">The course has no graded quiz.</p>\n");
    }
    for course_quiz in &report.course.quizzes {
        quiz_items(out, report, course_quiz);
    }
    out.push_str("</section>\n");
}

fn quiz_items(out: &mut String, report: &ClassReport, course_quiz: &CourseQuiz) {
    let takers: Vec<_> = report
        .submissions
        .iter()
        .filter_map(|s| quiz(s, &course_quiz.name))
        .filter(|g| g.taken)
        .collect();
    let passed = takers
        .iter()
        .filter(|g| passes(g.score, g.max_score, course_quiz.pass_mark))
        .count();
    let _ = writeln!(
        out,
        "<h3 data-quiz=\"{0}\">{0}: {1} of {2} passed (pass mark {3}%)</h3>",
        esc(&course_quiz.name),
        passed,
        count(takers.len(), "learner who took it", "learners who took it"),
        course_quiz.pass_mark
    );
    if takers.is_empty() {
        out.push_str("<p class=\"note\">Nobody took this quiz.</p>\n");
        return;
    }
    out.push_str("<table>\n<thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Kind</th><th scope=\"col\" class=\"num\">Answered</th><th scope=\"col\" class=\"num\">Correct</th><th scope=\"col\" class=\"num\">% correct</th><th scope=\"col\">Picked (right answers in bold)</th></tr></thead>\n<tbody>\n");
    for question in &course_quiz.questions {
        let answers: Vec<_> = takers
            .iter()
            .filter_map(|g| g.answers.iter().find(|a| a.question == question.id))
            .collect();
        let answered = answers.iter().filter(|a| a.answered).count();
        let correct = answers.iter().filter(|a| a.correct).count();
        let picks: Vec<String> = question
            .choices
            .iter()
            .map(|choice| {
                let n = answers
                    .iter()
                    .filter(|a| a.picked.contains(choice))
                    .count();
                if question.right.contains(choice) {
                    format!(
                        "<span class=\"right\" data-choice=\"{0}\" data-picked=\"{n}\">{0}: {n}<span class=\"sr\"> (right)</span></span>",
                        esc(choice)
                    )
                } else {
                    format!(
                        "<span data-choice=\"{0}\" data-picked=\"{n}\">{0}: {n}</span>",
                        esc(choice)
                    )
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr data-question=\"{0}\" data-correct=\"{2}\"><th scope=\"row\">{0}</th><td>{1}</td><td class=\"num\">{3}</td><td class=\"num\">{2}</td><td class=\"num\">{4}</td><td>{5}</td></tr>",
            esc(&question.id),
            esc(&question.kind.replace('_', " ")),
            correct,
            answered,
            rate(Some(correct as f64 / takers.len() as f64)),
            if picks.is_empty() {
                "<span class=\"note\">(free answer)</span>".to_owned()
            } else {
                picks.join(", ")
            }
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn similar(out: &mut String, report: &ClassReport) {
    out.push_str("<section id=\"similar\">\n<h2>Identical files</h2>\n<p class=\"note\">Learners who handed in byte-identical files for an exercise (starting code excluded). A hint to look closer, not a verdict: short exercises often have one natural answer.</p>\n");
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for e in &report.course.exercises {
        let mut by_digest: Vec<(&str, Vec<&str>)> = Vec::new();
        for submission in &report.submissions {
            let Some(digest) = exercise(submission, &e.name).and_then(|g| g.digest.as_deref())
            else {
                continue;
            };
            match by_digest.iter_mut().find(|(d, _)| *d == digest) {
                Some((_, ids)) => ids.push(&submission.id),
                None => by_digest.push((digest, vec![&submission.id])),
            }
        }
        groups.extend(
            by_digest
                .into_iter()
                .filter(|(_, ids)| ids.len() > 1)
                .map(|(_, ids)| (e.name.as_str(), ids)),
        );
    }
    if groups.is_empty() {
        out.push_str(
            "<p class=\"note\" id=\"no-identical\">No two learners handed in the same file.</p>\n",
        );
    } else {
        groups.sort_by_key(|group| std::cmp::Reverse(group.1.len()));
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Exercise</th><th scope=\"col\" class=\"num\">Learners</th><th scope=\"col\">Who</th></tr></thead>\n<tbody>\n");
        for (name, ids) in groups {
            let who: Vec<String> = ids.iter().map(|id| esc(id)).collect();
            let _ = writeln!(
                out,
                "<tr class=\"group\" data-exercise=\"{0}\" data-size=\"{1}\"><th scope=\"row\">{0}</th><td class=\"num\">{1}</td><td>{2}</td></tr>",
                esc(name),
                ids.len(),
                who.join(", ")
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}
