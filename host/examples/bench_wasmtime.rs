//! wasmtime over the benchmark corpus (BENCHMARKS.md, section "The corpus"): the module as
//! `icce serve` runs it (a fresh pooled instance per request, [`icce_host::Runtime::call`]) and as
//! a worker that keeps one instance (built here with the same engine settings, since the host
//! library has no such mode), each input timed on its own; then throughput with one worker per
//! core; and the host's cold start.
//!
//! ```text
//! cargo run --release -p icce-host --example bench_wasmtime -- corpus [CORPUS] [OUT.json]
//! cargo run --release -p icce-host --example bench_wasmtime -- cold [MODULE]   # one cold start, JSON on stdout
//! cargo run --release -p icce-host --example bench_wasmtime -- pages [CORPUS]   # 4-KiB pages one call dirties
//! ```
//!
//! Environment: `ICCE_BENCH_PASSES` (default 2) timed passes, `ICCE_BENCH_LIMIT` inputs at most,
//! `ICCE_KEEP_RESIDENT` the fresh path's [`icce_host::Options::keep_resident`] in bytes.
//! Run it in release: a debug build measures the debug wasmtime, not the module.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow};
use serde_json::{Value, json};
use wasmtime::{Config, Engine, Instance, Linker, Memory, Module, Store, TypedFunc};

/// wasmtime 48 has its own error type (not `std::error::Error`); carry its text into anyhow.
fn w<T>(r: wasmtime::Result<T>) -> Result<T> {
    r.map_err(|e| anyhow!("{e:#}"))
}

/// Each input timed on its own, `passes` times over: nanoseconds per call.
fn timed(inputs: &[String], passes: usize, mut call: impl FnMut(&str) -> Result<String>) -> Result<Vec<u64>> {
    let mut ns = Vec::with_capacity(inputs.len() * passes);
    for _ in 0..passes {
        for s in inputs {
            let t = Instant::now();
            let a = call(s)?;
            ns.push(t.elapsed().as_nanos() as u64);
            black_box(a);
        }
    }
    Ok(ns)
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// The `p` quantile of sorted values (nearest rank); 0 for none.
fn quantile(sorted: &[u64], p: f64) -> u64 {
    let i = ((p * sorted.len() as f64).ceil() as usize).saturating_sub(1).min(sorted.len().saturating_sub(1));
    sorted.get(i).copied().unwrap_or(0)
}

fn stats(mut ns: Vec<u64>) -> Value {
    ns.sort_unstable();
    let q = |p: f64| quantile(&ns, p) as f64 / 1000.0;
    let mean = ns.iter().sum::<u64>() as f64 / ns.len().max(1) as f64 / 1000.0;
    json!({ "unit": "us", "n": ns.len(), "p50": q(0.5), "p95": q(0.95), "p99": q(0.99), "mean": mean, "max": q(1.0) })
}

fn read_corpus(path: &Path, limit: usize) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {} (run node bench/gen-corpus.mjs)", path.display()))?;
    text.lines().take(limit).map(|l| serde_json::from_str::<String>(l).map_err(Into::into)).collect()
}

/// One module instance kept for many calls, spoken to through the module's plain C ABI exactly
/// as `icce_host` does (wasm/src/lib.rs), but without a new store per call.
struct Reused {
    store: Store<()>,
    memory: Memory,
    alloc: TypedFunc<u32, u32>,
    call: TypedFunc<(u32, u32, u32, u32), u64>,
    free: TypedFunc<(u32, u32), ()>,
}

impl Reused {
    fn new(engine: &Engine, module: &Module) -> Result<Reused> {
        let mut linker = Linker::<()>::new(engine);
        w(linker.define_unknown_imports_as_traps(module))?;
        let mut store = Store::new(engine, ());
        // The host runs with epoch interruption on; keep its checks in the code, never firing.
        store.set_epoch_deadline(u64::MAX / 2);
        let instance: Instance = w(linker.instantiate(&mut store, module))?;
        Reused::from_instance(store, instance)
    }

    fn from_instance(mut store: Store<()>, instance: Instance) -> Result<Reused> {
        let memory = instance.get_memory(&mut store, "memory").ok_or_else(|| anyhow!("no memory export"))?;
        let alloc = w(instance.get_typed_func(&mut store, "icce_alloc"))?;
        let call = w(instance.get_typed_func(&mut store, "icce_call"))?;
        let free = w(instance.get_typed_func(&mut store, "icce_free"))?;
        Ok(Reused { store, memory, alloc, call, free })
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(u32, u32)> {
        let len = u32::try_from(bytes.len())?;
        let ptr = w(self.alloc.call(&mut self.store, len))?;
        self.memory.write(&mut self.store, ptr as usize, bytes).map_err(|e| anyhow!("{e}"))?;
        Ok((ptr, len))
    }

    fn call(&mut self, op: &str, input: &str) -> Result<String> {
        let (op_ptr, op_len) = self.put(op.as_bytes())?;
        let (in_ptr, in_len) = self.put(input.as_bytes())?;
        let packed = w(self.call.call(&mut self.store, (op_ptr, op_len, in_ptr, in_len)))?;
        let (ptr, len) = ((packed >> 32) as u32, (packed & 0xffff_ffff) as u32);
        let mut answer = vec![0u8; len as usize];
        self.memory.read(&self.store, ptr as usize, &mut answer).map_err(|e| anyhow!("{e}"))?;
        w(self.free.call(&mut self.store, (ptr, len)))?;
        w(self.free.call(&mut self.store, (in_ptr, in_len)))?;
        w(self.free.call(&mut self.store, (op_ptr, op_len)))?;
        Ok(String::from_utf8(answer)?)
    }
}

fn engine() -> Result<Engine> {
    let mut config = Config::new();
    config.epoch_interruption(true);
    w(Engine::new(&config))
}

fn corpus_mode(corpus: PathBuf, out: Option<PathBuf>) -> Result<()> {
    let passes = env_num("ICCE_BENCH_PASSES", 2);
    let limit = env_num("ICCE_BENCH_LIMIT", usize::MAX);
    let inputs = read_corpus(&corpus, limit)?;
    let (module_path, _) = icce_host::find_module(None).map_err(anyhow::Error::msg)?;
    let op = "validateRequestOut";

    // ---- fresh pooled instance per request: icce_host::Runtime::call, as `icce serve` ----
    // ICCE_KEEP_RESIDENT (bytes) compares slot resets: 0 unmaps every slot's memory after a call.
    let defaults = icce_host::Options::default();
    let options = icce_host::Options { keep_resident: env_num("ICCE_KEEP_RESIDENT", defaults.keep_resident), ..defaults };
    let rt = icce_host::Runtime::load_with(&module_path, options)?;
    for s in inputs.iter().take(200) {
        black_box(rt.call(op, s)?);
    }
    let fresh = timed(&inputs, passes, |s| Ok(rt.call(op, s)?))?;

    // ---- one kept instance per worker ----
    let engine = engine()?;
    let bytes = std::fs::read(&module_path)?;
    let t = Instant::now();
    let module = w(Module::new(&engine, &bytes))?;
    let compile_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut w = Reused::new(&engine, &module)?;
    // Same answers as the fresh path (spot check), then warm up.
    for s in inputs.iter().take(50) {
        anyhow::ensure!(w.call(op, s)? == rt.call(op, s)?, "reused and fresh instances disagree");
    }
    for s in &inputs {
        black_box(w.call(op, s)?);
    }
    let reused = timed(&inputs, passes, |s| w.call(op, s))?;
    let pages = w.memory.size(&w.store);

    // ---- throughput: one worker per core over the whole corpus ----
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = inputs.len().div_ceil(workers);
    let throughput = |kept: bool| -> Result<f64> {
        let t = Instant::now();
        std::thread::scope(|scope| -> Result<()> {
            let mut handles = Vec::new();
            for part in inputs.chunks(chunk) {
                let (engine, module, rt) = (&engine, &module, &rt);
                handles.push(scope.spawn(move || -> Result<()> {
                    let mut w = if kept { Some(Reused::new(engine, module)?) } else { None };
                    for s in part {
                        match w.as_mut() {
                            Some(w) => black_box(w.call(op, s)?),
                            None => black_box(rt.call(op, s)?),
                        };
                    }
                    Ok(())
                }));
            }
            for h in handles {
                h.join().map_err(|_| anyhow!("worker panicked"))??;
            }
            Ok(())
        })?;
        Ok(inputs.len() as f64 / t.elapsed().as_secs_f64())
    };
    let reused_tput = throughput(true)?;
    let fresh_tput = throughput(false)?;

    let result = json!({
        "harness": "wasmtime",
        "module": module_path.display().to_string(),
        "inputs": inputs.len(),
        "passes": passes,
        "workers": workers,
        "compileMs": compile_ms,
        "reusedMemoryPages": pages,
        "figures": {
            "wasmtime.reused": stats(reused),
            "wasmtime.fresh": stats(fresh),
            "wasmtime.reused.throughput": { "unit": "calls/s", "value": reused_tput, "workers": workers },
            "wasmtime.fresh.throughput": { "unit": "calls/s", "value": fresh_tput, "workers": workers },
        }
    });
    write(out, &result)
}

/// One cold start in this process: load the module (from the `.cwasm` cache when it is there),
/// then the first answer. Run it as a fresh process each time.
fn cold_mode(module: Option<PathBuf>) -> Result<()> {
    let sample = include_str!("../../samples/request-ready.json");
    let (module, _) = icce_host::find_module(module.as_deref()).map_err(anyhow::Error::msg)?;
    let t0 = Instant::now();
    let rt = icce_host::Runtime::load(&module)?;
    let load = t0.elapsed();
    let t1 = Instant::now();
    let answer = rt.call("validateRequestOut", sample)?;
    let first = t1.elapsed();
    let t2 = Instant::now();
    black_box(rt.call("validateRequestOut", sample)?);
    let second = t2.elapsed();
    anyhow::ensure!(icce_host::answer::outcome(&answer) == icce_host::answer::Outcome::Ready, "unexpected first answer");
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{}",
        json!({ "fromCache": matches!(rt.compiled(), icce_host::Compiled::FromCache(_)), "loadMs": ms(load), "firstCallMs": ms(first), "secondCallMs": ms(second), "totalMs": ms(load + first) })
    );
    Ok(())
}

/// How many instances a pool sized like `icce_host`'s (`total_memories(n)`) holds at once, and
/// how many one with twice the memories holds: each instance of this module takes a linear
/// memory and a GC heap, and wasmtime's pooling allocator backs GC heaps with memory slots.
fn pool_mode() -> Result<()> {
    let (module_path, _) = icce_host::find_module(None).map_err(anyhow::Error::msg)?;
    let bytes = std::fs::read(&module_path)?;
    let n: u32 = 4;
    let mut report = serde_json::Map::new();
    for memories in [n, 2 * n] {
        let mut pool = wasmtime::PoolingAllocationConfig::new();
        pool.total_core_instances(n)
            .total_memories(memories)
            .max_tables_per_module(2)
            .total_tables(2 * n)
            .total_gc_heaps(n)
            .total_component_instances(0)
            .max_memory_size(64 << 20);
        let mut config = Config::new();
        config.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool));
        let engine = w(Engine::new(&config))?;
        let module = w(Module::new(&engine, &bytes))?;
        let mut linker = Linker::<()>::new(&engine);
        w(linker.define_unknown_imports_as_traps(&module))?;
        let pre = w(linker.instantiate_pre(&module))?;
        let mut held = Vec::new();
        let mut error = None;
        for _ in 0..n {
            let mut store = Store::new(&engine, ());
            match pre.instantiate(&mut store) {
                Ok(i) => held.push((store, i)),
                Err(e) => {
                    error = Some(format!("{e}"));
                    break;
                }
            }
        }
        report.insert(format!("totalMemories{memories}"), json!({ "instanceSlots": n, "liveInstances": held.len(), "error": error }));
    }
    println!("{}", Value::Object(report));
    Ok(())
}

fn write(out: Option<PathBuf>, v: &Value) -> Result<()> {
    let text = serde_json::to_string_pretty(v)?;
    match out {
        Some(p) => {
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&p, text)?;
            eprintln!("wasmtime: -> {}", p.display());
        }
        None => println!("{text}"),
    }
    Ok(())
}

/// The host's page size, as `/proc/self/pagemap` counts pages.
const PAGE: usize = 4096;

/// How many 4-KiB pages of linear memory one `validateRequestOut` changes in a fresh instance,
/// and how many a pooled slot's reset restores (the module's image) or zeroes (the rest). Each
/// input gets a new instance; its memory after the call is compared page by page with a pristine
/// instance's, below 1 MiB (the stack) and above it (static data and the heap). A page rewritten
/// with the bytes it had counts as unchanged. Then the same inputs run one after another in one
/// pooled slot configured as `icce serve`'s, and after each call the slot's private pages are
/// counted from `/proc/self/pagemap` (present, not a file's page, not the zero page): the pages
/// wasmtime's `PAGEMAP_SCAN` reset finds and rewrites. `ICCE_BENCH_LIMIT` inputs (default 500).
fn pages_mode(corpus: PathBuf) -> Result<()> {
    const STACK_END: usize = 1 << 20;
    let inputs = read_corpus(&corpus, env_num("ICCE_BENCH_LIMIT", 500))?;
    let (module_path, _) = icce_host::find_module(None).map_err(anyhow::Error::msg)?;
    let engine = engine()?;
    let module = w(Module::new(&engine, std::fs::read(&module_path)?))?;
    let pristine = {
        let r = Reused::new(&engine, &module)?;
        r.memory.data(&r.store).to_vec()
    };
    let (mut stack, mut heap) = (Vec::new(), Vec::new());
    for s in &inputs {
        let mut r = Reused::new(&engine, &module)?;
        black_box(r.call("validateRequestOut", s)?);
        let now = r.memory.data(&r.store);
        let (mut st, mut hp) = (0u64, 0u64);
        for (i, page) in now.chunks(PAGE).enumerate() {
            let before = pristine.get(i * PAGE..(i * PAGE + page.len()).min(pristine.len())).unwrap_or(&[]);
            let changed = if before.len() == page.len() { before != page } else { page.iter().any(|b| *b != 0) };
            if changed {
                if i * PAGE < STACK_END { st += 1 } else { hp += 1 }
            }
        }
        stack.push(st);
        heap.push(hp);
    }
    let summary = |mut v: Vec<u64>| {
        v.sort_unstable();
        let mean = v.iter().sum::<u64>() as f64 / v.len().max(1) as f64;
        json!({ "p50": quantile(&v, 0.5), "p90": quantile(&v, 0.9), "max": quantile(&v, 1.0), "mean": mean })
    };
    let total: Vec<u64> = stack.iter().zip(&heap).map(|(a, b)| a + b).collect();
    let slot = match slot_pages(&module_path, &inputs)? {
        Ok(after_each) => summary(after_each),
        Err(why) => json!({ "notMeasured": why }),
    };
    println!(
        "{}",
        json!({ "inputs": inputs.len(), "pristineBytes": pristine.len(), "stackPages": summary(stack), "dataAndHeapPages": summary(heap), "pages": summary(total), "slotResetPages": slot })
    );
    Ok(())
}

/// The private pages of one pooled slot's linear memory after each input's call, the inputs run
/// one after another in that slot (see [`pages_mode`]). `Ok(Err(why))` where `/proc/self/pagemap`
/// does not give frame numbers (not Linux, or not root), so that the zero page cannot be told apart.
fn slot_pages(module_path: &Path, inputs: &[String]) -> Result<std::result::Result<Vec<u64>, String>> {
    use std::io::{Read, Seek, SeekFrom};
    const PRESENT: u64 = 1 << 63;
    const FILE_OR_SHARED: u64 = 1 << 61;
    const FRAME: u64 = (1 << 55) - 1;
    let Ok(mut pagemap) = std::fs::File::open("/proc/self/pagemap") else {
        return Ok(Err("no /proc/self/pagemap".into()));
    };
    let mut entries = |addr: usize, pages: usize| -> Result<Vec<u64>> {
        let mut buf = vec![0u8; pages * 8];
        pagemap.seek(SeekFrom::Start((addr / PAGE * 8) as u64))?;
        pagemap.read_exact(&mut buf)?;
        Ok(buf.chunks_exact(8).filter_map(|e| e.try_into().ok()).map(u64::from_le_bytes).collect())
    };
    // A page of an anonymous mapping that has only been read maps the kernel's zero page.
    let zeros = vec![0u8; 4 * PAGE];
    let probe = (zeros.as_ptr() as usize).next_multiple_of(PAGE) + PAGE;
    // SAFETY: `probe` is inside `zeros` (a page boundary at least one page before its end).
    black_box(unsafe { std::ptr::read_volatile(probe as *const u8) });
    let zero_frame = entries(probe, 1)?.first().copied().unwrap_or(0) & FRAME;
    if zero_frame == 0 {
        return Ok(Err("/proc/self/pagemap hides frame numbers (run as root)".into()));
    }

    // The host's own engine, with one slot.
    let engine = icce_host::engine(&icce_host::Options { instances: 1, ..icce_host::Options::default() })?;
    let module = w(Module::new(&engine, std::fs::read(module_path)?))?;
    let mut linker = Linker::<()>::new(&engine);
    w(linker.define_unknown_imports_as_traps(&module))?;
    let pre = w(linker.instantiate_pre(&module))?;
    let mut after_each = Vec::with_capacity(inputs.len());
    for s in inputs {
        let mut store = Store::new(&engine, ());
        store.set_epoch_deadline(u64::MAX / 2);
        let instance = w(pre.instantiate(&mut store))?;
        let mut r = Reused::from_instance(store, instance)?;
        black_box(r.call("validateRequestOut", s)?);
        let (base, len) = (r.memory.data_ptr(&r.store) as usize, r.memory.data_size(&r.store));
        let private = entries(base, len / PAGE)?
            .into_iter()
            .filter(|e| e & PRESENT != 0 && e & FILE_OR_SHARED == 0 && e & FRAME != zero_frame)
            .count();
        after_each.push(private as u64);
    }
    Ok(Ok(after_each))
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("corpus") => {
            let corpus = args.next().map_or_else(|| PathBuf::from("bench/out/corpus.jsonl"), PathBuf::from);
            corpus_mode(corpus, args.next().map(PathBuf::from))
        }
        Some("cold") => cold_mode(args.next().map(PathBuf::from)),
        Some("pool") => pool_mode(),
        Some("pages") => pages_mode(args.next().map_or_else(|| PathBuf::from("bench/out/corpus.jsonl"), PathBuf::from)),
        _ => Err(anyhow!("usage: bench_wasmtime corpus [CORPUS] [OUT.json] | cold [MODULE] | pages [CORPUS]")),
    }
}
