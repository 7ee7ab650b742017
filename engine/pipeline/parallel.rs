//! Order-preserving parallel map over the machine's cores, for work whose
//! items are independent (chapters of an edition, documents of a corpus).

use std::sync::{Mutex, PoisonError};

/// Apply `f` to every item on up to one thread per core; results keep the
/// items' order.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    map_on(items, threads, f)
}

/// [`map`] with an explicit thread count (1 runs on the calling thread).
pub fn map_on<T: Send, R: Send>(items: Vec<T>, threads: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    // Every thread, this one included, takes the next item until none is
    // left: a long item holds up no thread but its own.
    let queue = Mutex::new(items.into_iter().enumerate());
    let work = || {
        let mut done = Vec::new();
        loop {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((i, item)) = next else { return done };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            all.extend(helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_on_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            let out = map_on((0..20).collect(), threads, |x: i32| x * 2);
            assert_eq!(out, (0..20).map(|x| x * 2).collect::<Vec<_>>());
        }
        assert!(map_on(Vec::<i32>::new(), 4, |x| x).is_empty());
    }
}
