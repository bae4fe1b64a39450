//! # icce-host
//!
//! Runs icce on a server by running the very `icce_wasm_bg.wasm` file the browser runs, under
//! wasmtime. This crate never links icce-core (a test checks `cargo tree`): every answer comes out
//! of the module, so the server and the browser cannot disagree about the rules.
//!
//! [`Runtime::load`] reads the module, hashes it (SHA-256), and prepares it once: one [`Engine`]
//! with the pooling allocator and epoch interruption, every wasm-bindgen import defined as a trap
//! (the host only uses the module's plain C ABI, which never reaches a JS import; `__wbindgen_start`
//! and the wasm-bindgen exports are never called), an [`InstancePre`], and the C ABI's exports
//! found by index (a module without them is refused here, not at its first call). Compiled code is cached
//! in a `.cwasm` file in a cache directory ([`Options::cache_dir`]: by default `$XDG_CACHE_HOME/icce`
//! or `~/.cache/icce`, never beside the module, whose folder may be read-only or shared), named by
//! the module's hash and the engine's compatibility hash, so later loads (a debug-built test
//! included) deserialize in about a millisecond instead of compiling for seconds.
//!
//! Without the default feature `compiler` (Cranelift) the crate runs only a module that a build
//! with it has compiled into the cache directory: it tries each `.cwasm` of the module's SHA-256
//! there, and wasmtime accepts only one compiled for the same settings. The fuzz targets use it
//! so (FUZZING.md).
//!
//! [`find_module`] says where the module is when no path is given: beside the executable, or in
//! the `web-demo/pkg/` of an icce checkout the current directory is in. No path is compiled in, so
//! a copied binary never reaches back into the tree it was built in.
//!
//! [`Runtime::call`] runs one operation in a **fresh instance** (a new [`Store`]; with the pooling
//! allocator this costs microseconds), capped in memory ([`Options::memory_limit`]) and time
//! ([`Options::time_limit`], enforced by an epoch ticker thread). Nothing survives between calls.
//! A trap, a memory-limit hit or a timeout becomes a structured answer with `outcome: "unusable"`
//! and a `HOST-00x` diagnostic, shaped like the module's own answers; the next call is unaffected.
//!
//! [`answer`] reads an answer's head (operation, outcome, diagnostic codes) without building the
//! whole answer; the `icce` binary decides its exit codes and HTTP statuses from it.
//!
//! The ABI spoken to the module is documented in `wasm/src/lib.rs` (version [`ABI_VERSION`]).

pub mod answer;

#[cfg(feature = "compiler")]
use std::hash::{Hash, Hasher};
#[cfg(feature = "compiler")]
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use wasmtime::{
    Config, Enabled, Engine, Extern, ExternType, InstanceAllocationStrategy, InstancePre, Linker, Memory, Module, ModuleExport,
    PoolingAllocationConfig, Precompiled, ResourceLimiter, Store, Trap, TypedFunc,
};

/// The module ABI version this host speaks (`icce_abi_version()` must return it).
pub const ABI_VERSION: u32 = 1;

/// Where the build puts the module, relative to the repository root.
pub const DEFAULT_MODULE: &str = "web-demo/pkg/icce_wasm_bg.wasm";

/// How often the epoch ticker ticks; the time limit is counted in these.
const TICK: Duration = Duration::from_millis(10);

/// Errors that stop the host from working at all. Anything that goes wrong inside one call is an
/// answer instead (see [`Runtime::call`]).
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    #[error("cannot read the module `{path}`: {source}")]
    ReadModule { path: PathBuf, source: std::io::Error },
    #[error(
        "refusing to run the module `{path}`: its SHA-256 is {actual}, but {expected} was expected \
         (--expect-module-sha256 / ICCE_EXPECT_MODULE_SHA256); rebuild it with scripts/build-wasm.sh \
         or give the module whose hash you expect"
    )]
    ModuleHash { path: PathBuf, expected: String, actual: String },
    #[error("the expected module SHA-256 `{0}` is not 64 hexadecimal digits")]
    BadExpectedHash(String),
    #[error("cannot set up the wasm engine: {0}")]
    Engine(String),
    #[error("cannot compile the module `{path}`: {message}")]
    Compile { path: PathBuf, message: String },
    #[error("the module `{path}` is not an icce module this host can run: {message}")]
    Abi { path: PathBuf, message: String },
    #[error("cannot start a module instance: {0}")]
    Instantiate(String),
}

/// Limits and sizes for a [`Runtime`].
#[derive(Clone, Debug)]
pub struct Options {
    /// How many calls may run at once (instance slots in the pool); callers beyond it wait.
    pub instances: u32,
    /// The most linear memory one call may use.
    pub memory_limit: usize,
    /// The longest one call may run.
    pub time_limit: Duration,
    /// Where the `.cwasm` cache is read and written; `None`: compile every time.
    pub cache_dir: Option<PathBuf>,
    /// The module file's SHA-256 (hex) that must match, or the module is refused before anything
    /// of it (or of its `.cwasm` cache) is compiled or run.
    pub expect_sha256: Option<String>,
    /// How much of an instance slot's linear memory stays mapped between calls. Every slot is
    /// still reset to the module's pristine image before the next call (no byte of one call is
    /// seen by the next); the pages a call dirtied are restored in place (found with Linux's
    /// `PAGEMAP_SCAN`, 6.7 and later) instead of being unmapped and faulted in again by the next
    /// call. Zero unmaps everything, as wasmtime does by default.
    pub keep_resident: usize,
}

impl Default for Options {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Options {
            instances: u32::try_from(cores.saturating_mul(2).clamp(4, 64)).unwrap_or(4),
            // The heaviest input the list caps allow (100 convictions of 50 offences and 50
            // sentences) is answered within it (FUZZING.md, "Answers and work grew with list lengths"); 64 MiB no longer was once every
            // uncategorised offence carries its warning.
            memory_limit: 128 << 20,
            time_limit: Duration::from_secs(2),
            cache_dir: default_cache_dir(),
            expect_sha256: None,
            // A validation touches a few hundred KiB (the stack's top, the static data, the
            // heap); 4 MiB covers the heaviest ordinary call (BENCHMARKS.md, "The fresh instance").
            keep_resident: 4 << 20,
        }
    }
}

/// The rule book an answer was computed with, as the module reports it.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct Rulebook {
    pub version: String,
    pub hash: String,
}

/// How the compiled module was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compiled {
    /// Deserialized from this `.cwasm` cache file.
    FromCache(PathBuf),
    /// Compiled now; written to this cache file when it could be.
    Compiled { cached_to: Option<PathBuf> },
}

/// A diagnostic code the host itself produces (never the module).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostCode {
    /// The module trapped (a bug in the module, or memory exhausted in an unusual way).
    ModuleTrap,
    /// The call needed more memory than the limit.
    MemoryLimit,
    /// The call ran longer than the limit.
    TimeLimit,
    /// The module answered something that is not UTF-8 JSON.
    BadAnswer,
}

impl HostCode {
    pub fn code(self) -> &'static str {
        match self {
            HostCode::ModuleTrap => "HOST-001",
            HostCode::MemoryLimit => "HOST-002",
            HostCode::TimeLimit => "HOST-003",
            HostCode::BadAnswer => "HOST-004",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            HostCode::ModuleTrap => "module-trap",
            HostCode::MemoryLimit => "memory-limit",
            HostCode::TimeLimit => "time-limit",
            HostCode::BadAnswer => "bad-answer",
        }
    }
}

struct State {
    limiter: Limiter,
}

/// Caps linear memory and remembers whether the cap was hit, so that the trap that usually follows
/// (the allocator aborts) is reported as a memory limit rather than as a module bug.
struct Limiter {
    max: usize,
    hit: bool,
}

impl ResourceLimiter for Limiter {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired > self.max {
            self.hit = true;
            return Ok(false);
        }
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(maximum.is_none_or(|m| desired <= m))
    }
}

/// A counting semaphore over the pool's instance slots.
struct Slots {
    free: Mutex<u32>,
    freed: Condvar,
}

struct SlotGuard<'a>(&'a Slots);

impl Slots {
    fn acquire(&self) -> SlotGuard<'_> {
        let mut free = self.free.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *free -= 1;
        SlotGuard(self)
    }
}

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        let mut free = self.0.free.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *free += 1;
        self.0.freed.notify_one();
    }
}

/// Increments the engine's epoch every [`TICK`] until dropped.
struct Ticker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    fn start(engine: Engine) -> Result<Ticker, HostError> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("icce-epoch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::park_timeout(TICK);
                    engine.increment_epoch();
                }
            })
            .map_err(|e| HostError::Engine(format!("cannot start the epoch thread: {e}")))?;
        Ok(Ticker { stop, thread: Some(thread) })
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

/// The module, compiled and ready to instantiate; see the crate docs.
pub struct Runtime {
    engine: Engine,
    pre: InstancePre<State>,
    abi: Abi,
    options: Options,
    deadline_ticks: u64,
    slots: Slots,
    module_path: PathBuf,
    module_hash: String,
    module_size: u64,
    compiled: Compiled,
    abi_version: u32,
    rulebook: Rulebook,
    _ticker: Ticker,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("module_path", &self.module_path)
            .field("module_hash", &self.module_hash)
            .field("compiled", &self.compiled)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// Load the module at `path` with default [`Options`].
    pub fn load(path: impl AsRef<Path>) -> Result<Runtime, HostError> {
        Runtime::load_with(path, Options::default())
    }

    /// Load the module at `path`, check its ABI and ask it for its rule book.
    pub fn load_with(path: impl AsRef<Path>, options: Options) -> Result<Runtime, HostError> {
        let path = path.as_ref().to_path_buf();
        let bytes = std::fs::read(&path).map_err(|source| HostError::ReadModule { path: path.clone(), source })?;
        let module_hash = hex(&Sha256::digest(&bytes));
        if let Some(expected) = &options.expect_sha256 {
            let expected = expected.trim().to_ascii_lowercase();
            if expected.len() != 64 || !expected.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(HostError::BadExpectedHash(expected));
            }
            if expected != module_hash {
                return Err(HostError::ModuleHash { path, expected, actual: module_hash });
            }
        }
        let engine = engine(&options)?;
        let (module, compiled) = compile(&engine, &path, &bytes, &module_hash, options.cache_dir.as_deref())?;

        let abi_err = |message: String| HostError::Abi { path: path.clone(), message };
        let mut linker = Linker::<State>::new(&engine);
        linker.define_unknown_imports_as_traps(&module).map_err(|e| abi_err(format!("{e}")))?;
        let pre = linker.instantiate_pre(&module).map_err(|e| abi_err(format!("{e}")))?;
        let abi = Abi::of(&module).map_err(abi_err)?;

        let deadline_ticks = ticks(options.time_limit).max(1);
        let slots = Slots { free: Mutex::new(options.instances.max(1)), freed: Condvar::new() };
        let ticker = Ticker::start(engine.clone())?;
        let mut runtime = Runtime {
            engine,
            pre,
            abi,
            options,
            deadline_ticks,
            slots,
            module_path: path.clone(),
            module_hash,
            module_size: bytes.len() as u64,
            compiled,
            abi_version: 0,
            rulebook: Rulebook { version: String::new(), hash: String::new() },
            _ticker: ticker,
        };

        // Probe: the ABI version, then one real call for the rule book (proves the module answers).
        runtime.abi_version = runtime.probe_abi().map_err(|e| abi_err(format!("`icce_abi_version`: {e}")))?;
        if runtime.abi_version != ABI_VERSION {
            return Err(abi_err(format!("its ABI version is {}; this host speaks {ABI_VERSION}", runtime.abi_version)));
        }
        let answer = runtime.call("listRules", "{}")?;
        #[derive(Deserialize)]
        struct Probe {
            rulebook: Rulebook,
        }
        let probe: Probe = serde_json::from_str(&answer)
            .map_err(|e| abi_err(format!("its `listRules` answer cannot be read ({e})")))?;
        let Some(head) = answer::head(&answer).filter(|h| h.outcome_text().is_some()) else {
            return Err(abi_err("its `listRules` answer cannot be read (it has no outcome)".to_owned()));
        };
        if head.outcome() == answer::Outcome::Unusable {
            return Err(abi_err(format!("its `listRules` call failed: {answer}")));
        }
        runtime.rulebook = probe.rulebook;
        Ok(runtime)
    }

    /// Run `operation` on the JSON text `input`; the answer is the module's JSON text.
    pub fn call(&self, operation: &str, input: &str) -> Result<String, HostError> {
        self.call_bytes(operation.as_bytes(), input.as_bytes())
    }

    /// Run `operation` on raw bytes: bytes that are not UTF-8 get the module's own answer for them.
    ///
    /// `Err` only when no instance can be started (the machine is out of memory, say); a trap, the
    /// memory limit or the time limit give `Ok` with a `HOST-00x` answer.
    pub fn call_bytes(&self, operation: &[u8], input: &[u8]) -> Result<String, HostError> {
        let op_text = String::from_utf8_lossy(operation);
        if input.len() >= self.options.memory_limit {
            return Ok(self.host_answer(
                &op_text,
                HostCode::MemoryLimit,
                format!("the input is {} bytes, more than the {} bytes a call may use", input.len(), self.options.memory_limit),
            ));
        }
        let _slot = self.slots.acquire();
        let mut store = self.store(self.deadline_ticks);
        let instance = self.pre.instantiate(&mut store).map_err(|e| HostError::Instantiate(format!("{e}")))?;
        let result = self.abi.run(&mut store, &instance, operation, input);
        let limit_hit = store.data().limiter.hit;
        Ok(match result {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(answer) => answer,
                Err(_) => self.host_answer(&op_text, HostCode::BadAnswer, "the module's answer is not UTF-8 text".into()),
            },
            Err(_) if limit_hit => self.host_answer(
                &op_text,
                HostCode::MemoryLimit,
                format!("the call needed more than the {} MiB of memory a call may use", self.options.memory_limit >> 20),
            ),
            Err(e) if e.downcast_ref::<Trap>() == Some(&Trap::Interrupt) => self.host_answer(
                &op_text,
                HostCode::TimeLimit,
                format!("the call ran longer than the {} ms a call may take", self.options.time_limit.as_millis()),
            ),
            Err(e) => self.host_answer(&op_text, HostCode::ModuleTrap, format!("the module stopped with an error: {e}")),
        })
    }

    /// An answer in the module's shape for something that went wrong in the host.
    pub fn host_answer(&self, operation: &str, code: HostCode, message: String) -> String {
        let help = match code {
            HostCode::MemoryLimit => "send a smaller input; a request is a few kilobytes",
            HostCode::TimeLimit => "send a smaller input, or try again when the server is less busy",
            HostCode::ModuleTrap | HostCode::BadAnswer => {
                "this is a fault in icce, not in the input: report it with the module's SHA-256"
            }
        };
        let answer = serde_json::json!({
            "operation": operation.chars().take(64).collect::<String>(),
            "outcome": "unusable",
            "rulebook": self.rulebook,
            "diagnostics": [{
                "code": code.code(),
                "name": code.name(),
                "severity": "error",
                "kind": "unusable",
                "pointer": "",
                "message": message,
                "help": help,
            }],
            "diagnosticsDropped": 0,
        });
        answer.to_string()
    }

    /// Change the time limit for later calls. Zero stops every call at its first check, which
    /// is how the tests reach the time-limit answer without a slow input.
    pub fn set_time_limit(&mut self, limit: Duration) {
        self.options.time_limit = limit;
        self.deadline_ticks = ticks(limit);
    }

    /// The module file's SHA-256, lowercase hex.
    pub fn module_hash(&self) -> &str {
        &self.module_hash
    }

    pub fn module_path(&self) -> &Path {
        &self.module_path
    }

    pub fn module_size(&self) -> u64 {
        self.module_size
    }

    /// What the module's `icce_abi_version` returned.
    pub fn abi_version(&self) -> u32 {
        self.abi_version
    }

    /// The rule book the module carries (from its `listRules` answer at load).
    pub fn rulebook(&self) -> &Rulebook {
        &self.rulebook
    }

    /// Whether the compiled code came from the `.cwasm` cache.
    pub fn compiled(&self) -> &Compiled {
        &self.compiled
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Whether a fresh instance, before any call, holds `needle` anywhere in its linear memory.
    /// A call's input and answer must never be found there: the pool resets every slot to the
    /// module's pristine image between calls, whatever stays resident ([`Options::keep_resident`]).
    /// For tests and audits; `needle` should be text no module image contains.
    pub fn fresh_memory_contains(&self, needle: &[u8]) -> Result<bool, HostError> {
        let _slot = self.slots.acquire();
        let mut store = self.store(self.deadline_ticks);
        let instance = self.pre.instantiate(&mut store).map_err(|e| HostError::Instantiate(format!("{e}")))?;
        let memory = instance
            .get_memory(&mut store, "memory")
            .ok_or_else(|| HostError::Instantiate("the module exports no memory".into()))?;
        let data = memory.data(&store);
        Ok(!needle.is_empty() && data.windows(needle.len()).any(|w| w == needle))
    }

    /// A new store for one instance: the call's memory limit, and its time limit in epoch ticks.
    fn store(&self, deadline_ticks: u64) -> Store<State> {
        let mut store = Store::new(&self.engine, State { limiter: Limiter { max: self.options.memory_limit, hit: false } });
        store.limiter(|s| &mut s.limiter);
        store.set_epoch_deadline(deadline_ticks);
        store
    }

    fn probe_abi(&self) -> wasmtime::Result<u32> {
        let _slot = self.slots.acquire();
        // The probe is start-up, not a request: a request's time limit (1 ms in a test) could
        // expire on a busy machine before the instance even answers. Two seconds still stops a
        // module that loops.
        let mut store = self.store(self.deadline_ticks.max(ticks(Duration::from_secs(2))));
        let instance = self.pre.instantiate(&mut store)?;
        let f: TypedFunc<(), u32> = instance.get_typed_func(&mut store, "icce_abi_version")?;
        f.call(&mut store, ())
    }
}

/// A time limit in epoch ticks, rounded up.
fn ticks(limit: Duration) -> u64 {
    u64::try_from(limit.as_millis().div_ceil(TICK.as_millis())).unwrap_or(u64::MAX)
}

/// The module's C ABI exports (wasm/src/abi.rs), found once by index when the module is loaded,
/// so that a call looks none of them up by name.
struct Abi {
    memory: ModuleExport,
    alloc: ModuleExport,
    call: ModuleExport,
    free: ModuleExport,
}

impl Abi {
    /// The exports' handles; an export that is missing or not of its kind refuses the module.
    /// Their signatures are checked by every call (`Func::typed`), so a module whose exports have
    /// other types gets a `HOST-003` answer, never a wrong call.
    fn of(module: &Module) -> Result<Abi, String> {
        let find = |name: &str, func: bool| {
            let kind = match module.get_export(name) {
                Some(ExternType::Func(_)) => func,
                Some(ExternType::Memory(_)) => !func,
                _ => false,
            };
            let index = module.get_export_index(name).filter(|_| kind);
            index.ok_or_else(|| format!("it exports no {} `{name}`", if func { "function" } else { "memory" }))
        };
        Ok(Abi { memory: find("memory", false)?, alloc: find("icce_alloc", true)?, call: find("icce_call", true)?, free: find("icce_free", true)? })
    }

    fn func<P: wasmtime::WasmParams, R: wasmtime::WasmResults>(
        store: &mut Store<State>,
        instance: &wasmtime::Instance,
        export: &ModuleExport,
    ) -> wasmtime::Result<TypedFunc<P, R>> {
        let func = instance.get_module_export(&mut *store, export).and_then(Extern::into_func);
        func.ok_or_else(|| wasmtime::format_err!("a C ABI function is missing"))?.typed::<P, R>(&*store)
    }

    /// One call through the C ABI: copy the operation and input in, call, copy the answer out.
    fn run(&self, store: &mut Store<State>, instance: &wasmtime::Instance, operation: &[u8], input: &[u8]) -> wasmtime::Result<Vec<u8>> {
        let memory = instance
            .get_module_export(&mut *store, &self.memory)
            .and_then(Extern::into_memory)
            .ok_or_else(|| wasmtime::format_err!("the module exports no `memory`"))?;
        let alloc: TypedFunc<u32, u32> = Abi::func(store, instance, &self.alloc)?;
        let call: TypedFunc<(u32, u32, u32, u32), u64> = Abi::func(store, instance, &self.call)?;
        let free: TypedFunc<(u32, u32), ()> = Abi::func(store, instance, &self.free)?;

        let (op_ptr, op_len) = put(store, &alloc, &memory, operation)?;
        let (in_ptr, in_len) = put(store, &alloc, &memory, input)?;
        let packed = call.call(&mut *store, (op_ptr, op_len, in_ptr, in_len))?;
        let (ptr, len) = ((packed >> 32) as u32, (packed & 0xffff_ffff) as u32);
        let (at, n) = (ptr as usize, len as usize);
        let answer = memory
            .data(&*store)
            .get(at..at.saturating_add(n))
            .ok_or_else(|| wasmtime::format_err!("the module's answer ({n} bytes at {at}) is outside its memory"))?
            .to_vec();
        // The store is dropped after this call, but free as the ABI says, so that a host reusing
        // instances one day would not leak.
        free.call(&mut *store, (ptr, len))?;
        free.call(&mut *store, (in_ptr, in_len))?;
        free.call(&mut *store, (op_ptr, op_len))?;
        Ok(answer)
    }
}

fn put(store: &mut Store<State>, alloc: &TypedFunc<u32, u32>, memory: &Memory, bytes: &[u8]) -> wasmtime::Result<(u32, u32)> {
    let len = u32::try_from(bytes.len()).map_err(|_| wasmtime::format_err!("input too large"))?;
    let ptr = alloc.call(&mut *store, len)?;
    if ptr == 0 && len != 0 {
        wasmtime::bail!("the module could not allocate {len} bytes");
    }
    memory.write(&mut *store, ptr as usize, bytes)?;
    Ok((ptr, len))
}

/// The engine a [`Runtime`] runs its module on for these options: the pooling allocator with
/// `options.instances` slots, epoch interruption. Public for tools that instantiate the module
/// themselves and must measure what the host runs (`bench_wasmtime pages`).
pub fn engine(options: &Options) -> Result<Engine, HostError> {
    let n = options.instances.max(1);
    let mut pool = PoolingAllocationConfig::new();
    pool.total_core_instances(n)
        // Each instance takes two slots of the memory pool: its linear memory and its GC heap
        // (the module declares externref types). With one slot each, only half the instances
        // could run at once and the rest failed to instantiate (found by the fuzz target with
        // one instance: the runtime could not even load).
        .total_memories(n.saturating_mul(2))
        // wasm-bindgen modules have two tables: functions and the externref table.
        .max_tables_per_module(2)
        .total_tables(n.saturating_mul(2))
        .total_gc_heaps(n)
        .total_component_instances(0)
        .max_memory_size(options.memory_limit)
        .linear_memory_keep_resident(options.keep_resident)
        // The module's two tables (functions, externrefs) are a few KiB; 64 KiB keeps them whole.
        .table_keep_resident(if options.keep_resident > 0 { 64 << 10 } else { 0 })
        // Without the scan, keeping memory resident means memset-ing all of it on every reset.
        .pagemap_scan(Enabled::Auto);
    let mut config = Config::new();
    config.epoch_interruption(true).allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&config).map_err(|e| HostError::Engine(format!("{e}")))
}

/// The default cache directory: `$XDG_CACHE_HOME/icce` (an absolute path only, as the XDG base
/// directory specification says), else `$HOME/.cache/icce`; none without either.
pub fn default_cache_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    let home = || std::env::var_os("HOME").map(PathBuf::from).filter(|p| p.is_absolute()).map(|h| h.join(".cache"));
    xdg.or_else(home).map(|d| d.join("icce"))
}

/// The cache files of one module: `<stem>-<first 16 hex digits of its SHA-256>-`, then the
/// engine's compatibility hash and `.cwasm`.
fn cache_prefix(module: &Path, module_hash: &str) -> String {
    let stem = module.file_stem().and_then(|s| s.to_str()).unwrap_or("module");
    let short = module_hash.get(..16).unwrap_or(module_hash);
    format!("{stem}-{short}-")
}

/// The cache file for this module and engine: `<stem>-<module hash>-<engine hash>.cwasm`.
#[cfg(feature = "compiler")]
fn cache_path(engine: &Engine, dir: &Path, module: &Path, module_hash: &str) -> PathBuf {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    dir.join(format!("{}{:016x}.cwasm", cache_prefix(module, module_hash), h.finish()))
}

// SAFETY (both `compile`s): deserializing runs no code, but wasmtime trusts that the file is its
// own output. This file is: a host wrote it in its own cache directory (the user's, or the one
// given), under a name bound to the module's SHA-256, and wasmtime checks its header (version,
// target, settings) again. Whoever can write that folder can already run code as this user, so
// trusting it adds no new trust.

#[cfg(feature = "compiler")]
fn compile(engine: &Engine, path: &Path, bytes: &[u8], module_hash: &str, cache_dir: Option<&Path>) -> Result<(Module, Compiled), HostError> {
    let cwasm = cache_dir.map(|dir| cache_path(engine, dir, path, module_hash));
    if let Some(cwasm) = &cwasm
        && matches!(Engine::detect_precompiled_file(cwasm), Ok(Some(Precompiled::Module)))
    {
        // SAFETY: see above; the name is bound to this engine's compatibility hash too. Any
        // failure recompiles.
        match unsafe { Module::deserialize_file(engine, cwasm) } {
            Ok(module) => return Ok((module, Compiled::FromCache(cwasm.clone()))),
            Err(e) => tracing::warn!(cache = %cwasm.display(), error = %e, "ignoring unusable module cache"),
        }
    }
    let module =
        Module::new(engine, bytes).map_err(|e| HostError::Compile { path: path.to_path_buf(), message: format!("{e}") })?;
    let cached_to = cwasm.and_then(|c| write_cache(&module, &c));
    Ok((module, Compiled::Compiled { cached_to }))
}

/// Without the compiler: the engine cannot name its own compatibility hash, so every cache of this
/// module (by its SHA-256) in the cache directory is tried, in name order, and the first that
/// wasmtime accepts for this engine is used.
#[cfg(not(feature = "compiler"))]
fn compile(engine: &Engine, path: &Path, _bytes: &[u8], module_hash: &str, cache_dir: Option<&Path>) -> Result<(Module, Compiled), HostError> {
    let prefix = cache_prefix(path, module_hash);
    let mut candidates: Vec<PathBuf> = cache_dir
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".cwasm")))
        .collect();
    candidates.sort();
    let mut refused = Vec::new();
    for cwasm in candidates {
        if !matches!(Engine::detect_precompiled_file(&cwasm), Ok(Some(Precompiled::Module))) {
            continue;
        }
        // SAFETY: see above; wasmtime refuses a file compiled for other settings.
        match unsafe { Module::deserialize_file(engine, &cwasm) } {
            Ok(module) => return Ok((module, Compiled::FromCache(cwasm))),
            Err(e) => refused.push(format!("{}: {e}", cwasm.display())),
        }
    }
    let dir = cache_dir.map_or_else(|| "no cache directory".to_owned(), |d| format!("`{}`", d.display()));
    let refused = if refused.is_empty() { String::new() } else { format!(" (refused: {})", refused.join("; ")) };
    Err(HostError::Compile {
        path: path.to_path_buf(),
        message: format!(
            "this icce-host was built without its compiler (feature `compiler`) and runs only a `.cwasm` of this module \
             from its cache directory ({dir}), and none there fits this engine{refused}; write one with a build that \
             has the compiler and the same options, for example `icce --cache-dir DIR version`"
        ),
    })
}

/// Write the cache atomically (temporary file, then rename), and drop stale caches of the same
/// module file. Failing to cache is not an error: the next load compiles again.
#[cfg(feature = "compiler")]
fn write_cache(module: &Module, cwasm: &Path) -> Option<PathBuf> {
    let bytes = module.serialize().ok()?;
    let tmp = cwasm.with_extension(format!("cwasm.tmp{}", std::process::id()));
    let written = cwasm
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::File::create(&tmp))
        .and_then(|mut f| f.write_all(&bytes))
        .and_then(|()| std::fs::rename(&tmp, cwasm));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        tracing::warn!(cache = %cwasm.display(), error = %e, "cannot write the module cache");
        return None;
    }
    prune_stale(cwasm);
    Some(cwasm.to_path_buf())
}

/// How long a cache of another module is kept: a shared cache directory serves several
/// checkouts or versions at once, which must not keep deleting each other's caches.
#[cfg(feature = "compiler")]
const STALE_AFTER: Duration = Duration::from_secs(7 * 24 * 3600);

#[cfg(feature = "compiler")]
fn prune_stale(keep: &Path) {
    let (Some(dir), Some(name)) = (keep.parent(), keep.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    // `<stem>-<module hash>-<engine hash>.cwasm`. Only caches of another module, unused for a
    // week, go: a cache for another engine build (a debug and a release host, say) may be in use.
    let parts = |n: &str| {
        let mut it = n.rsplitn(3, '-');
        let _engine = it.next();
        let module = it.next().map(str::to_owned);
        (it.next().map(str::to_owned), module)
    };
    let (Some(stem), Some(module)) = parts(name) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(other) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let (other_stem, other_module) = parts(other);
        let old = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age > STALE_AFTER);
        if old && other.ends_with(".cwasm") && other_stem.as_deref() == Some(&stem) && other_module.as_deref() != Some(&module) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// How [`find_module`] found the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// Given: `--module` or `ICCE_MODULE`.
    Given,
    /// `icce_wasm_bg.wasm` in the executable's own folder (an installed or copied binary).
    BesideExecutable,
    /// `web-demo/pkg/icce_wasm_bg.wasm` of the icce checkout the current directory is in.
    Checkout,
}

impl Found {
    pub fn describe(self) -> &'static str {
        match self {
            Found::Given => "given (--module or ICCE_MODULE)",
            Found::BesideExecutable => "beside the executable",
            Found::Checkout => "the checkout's web-demo/pkg, found from the current directory",
        }
    }
}

/// The module's file name when it sits beside the executable.
pub const MODULE_FILE: &str = "icce_wasm_bg.wasm";

/// Find the module. An explicit path wins; then [`MODULE_FILE`] in the executable's own folder;
/// then [`DEFAULT_MODULE`] in the current directory or a parent of it (an icce checkout, for
/// development). No path is compiled in: a binary copied elsewhere finds a module beside it, one
/// it is given, or none, and says where it looked.
pub fn find_module(explicit: Option<&Path>) -> Result<(PathBuf, Found), String> {
    if let Some(p) = explicit {
        return Ok((p.to_path_buf(), Found::Given));
    }
    let mut looked = Vec::new();
    if let Some(dir) = std::env::current_exe().ok().and_then(|e| e.canonicalize().ok()).and_then(|e| e.parent().map(Path::to_path_buf)) {
        let candidate = dir.join(MODULE_FILE);
        if candidate.is_file() {
            return Ok((candidate, Found::BesideExecutable));
        }
        looked.push(candidate.display().to_string());
    }
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors() {
            let candidate = dir.join(DEFAULT_MODULE);
            if candidate.is_file() {
                return Ok((candidate, Found::Checkout));
            }
        }
        looked.push(format!("{DEFAULT_MODULE} in {} and its parents", cwd.display()));
    }
    Err(format!(
        "no module found (looked for {}): give one with --module PATH or ICCE_MODULE, or put {MODULE_FILE} beside the icce executable",
        looked.join("; ")
    ))
}
