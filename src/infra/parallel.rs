//! Doing independent jobs on several threads: the one work queue that `check`, `verify` and
//! `grade` share.

use std::sync::Mutex;

/// The number of jobs to run at once: `requested`, else one per core.
pub fn jobs(requested: Option<usize>) -> usize {
    requested
        .filter(|&jobs| jobs > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// Applies `work` to every item on `jobs` threads and returns the results in the items' order.
/// `on_done` is called (from the worker threads, one at a time) as each result arrives.
pub fn map<T, R, W, D>(items: Vec<T>, jobs: usize, work: W, on_done: D) -> Vec<R>
where
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    D: FnMut(&R) + Send,
{
    let n_items = items.len();
    let queue: Mutex<std::vec::IntoIter<(usize, T)>> = Mutex::new(
        items
            .into_iter()
            .enumerate()
            .collect::<Vec<_>>()
            .into_iter(),
    );
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..n_items).map(|_| None).collect());
    let on_done = Mutex::new(on_done);
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, n_items.max(1)) {
            scope.spawn(|| loop {
                let Some((idx, item)) = queue.lock().expect("no worker panics holding it").next()
                else {
                    break;
                };
                let result = work(item);
                (on_done.lock().expect("no worker panics holding it"))(&result);
                results.lock().expect("no worker panics holding it")[idx] = Some(result);
            });
        }
    });
    results
        .into_inner()
        .expect("workers are done")
        .into_iter()
        .map(|result| result.expect("every item was worked on"))
        .collect()
}
