//! The preview1 imports with their core-wasm signatures (every small int is i32, 64-bit values
//! are i64), matching what std's own imports declare so the linker sees one signature per name.

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    pub fn args_sizes_get(argc: *mut u32, buf_size: *mut u32) -> i32;
    pub fn args_get(argv: *mut u32, buf: *mut u8) -> i32;
    pub fn environ_sizes_get(count: *mut u32, buf_size: *mut u32) -> i32;
    pub fn environ_get(environ: *mut u32, buf: *mut u8) -> i32;
    pub fn clock_res_get(id: i32, resolution: *mut u64) -> i32;
    pub fn clock_time_get(id: i32, precision: i64, time: *mut u64) -> i32;
    pub fn random_get(buf: *mut u8, len: i32) -> i32;
    pub fn fd_advise(fd: i32, offset: i64, len: i64, advice: i32) -> i32;
    pub fn fd_allocate(fd: i32, offset: i64, len: i64) -> i32;
    pub fn fd_close(fd: i32) -> i32;
    pub fn fd_datasync(fd: i32) -> i32;
    pub fn fd_fdstat_get(fd: i32, stat: *mut u8) -> i32;
    pub fn fd_fdstat_set_flags(fd: i32, flags: i32) -> i32;
    pub fn fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64) -> i32;
    pub fn fd_filestat_get(fd: i32, stat: *mut u8) -> i32;
    pub fn fd_filestat_set_size(fd: i32, size: i64) -> i32;
    pub fn fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, flags: i32) -> i32;
    pub fn fd_pread(fd: i32, iovs: *const u32, iovs_len: i32, offset: i64, nread: *mut u32) -> i32;
    pub fn fd_prestat_get(fd: i32, prestat: *mut u8) -> i32;
    pub fn fd_prestat_dir_name(fd: i32, path: *mut u8, len: i32) -> i32;
    pub fn fd_pwrite(fd: i32, iovs: *const u32, iovs_len: i32, offset: i64, nwritten: *mut u32) -> i32;
    pub fn fd_read(fd: i32, iovs: *const u32, iovs_len: i32, nread: *mut u32) -> i32;
    pub fn fd_readdir(fd: i32, buf: *mut u8, len: i32, cookie: i64, used: *mut u32) -> i32;
    pub fn fd_renumber(fd: i32, to: i32) -> i32;
    pub fn fd_seek(fd: i32, offset: i64, whence: i32, newoffset: *mut u64) -> i32;
    pub fn fd_sync(fd: i32) -> i32;
    pub fn fd_tell(fd: i32, offset: *mut u64) -> i32;
    pub fn fd_write(fd: i32, iovs: *const u32, iovs_len: i32, nwritten: *mut u32) -> i32;
    pub fn path_create_directory(fd: i32, path: i32, path_len: i32) -> i32;
    pub fn path_filestat_get(fd: i32, flags: i32, path: i32, path_len: i32, stat: *mut u8) -> i32;
    pub fn path_filestat_set_times(fd: i32, flags: i32, path: i32, path_len: i32, atim: i64, mtim: i64, fst: i32) -> i32;
    pub fn path_link(old_fd: i32, old_flags: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32) -> i32;
    pub fn path_open(fd: i32, dirflags: i32, path: i32, path_len: i32, oflags: i32, base: i64, inheriting: i64, fdflags: i32, opened: *mut u32) -> i32;
    pub fn path_readlink(fd: i32, path: i32, path_len: i32, buf: *mut u8, buf_len: i32, used: *mut u32) -> i32;
    pub fn path_remove_directory(fd: i32, path: i32, path_len: i32) -> i32;
    pub fn path_rename(fd: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32) -> i32;
    pub fn path_symlink(old: i32, old_len: i32, fd: i32, new: i32, new_len: i32) -> i32;
    pub fn path_unlink_file(fd: i32, path: i32, path_len: i32) -> i32;
    pub fn poll_oneoff(subs: *const u8, events: *mut u8, nsubs: i32, nevents: *mut u32) -> i32;
    pub fn proc_exit(code: i32) -> !;
    pub fn proc_raise(signal: i32) -> i32;
    pub fn sched_yield() -> i32;
    pub fn sock_accept(fd: i32, flags: i32, opened: *mut u32) -> i32;
    pub fn sock_recv(fd: i32, iovs: *const u32, iovs_len: i32, flags: i32, len: *mut u32, oflags: *mut u32) -> i32;
    pub fn sock_send(fd: i32, iovs: *const u32, iovs_len: i32, flags: i32, len: *mut u32) -> i32;
    pub fn sock_shutdown(fd: i32, how: i32) -> i32;
}

/// Every right `rights` in the witx defines (bits 0..=29).
pub const ALL_RIGHTS: i64 = (1 << 30) - 1;
pub const FD_READ: i64 = 1 << 1;
