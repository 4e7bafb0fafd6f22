//! CUPS through its command-line clients (`lp`, `lpstat`, `cancel`): what every Linux hall PC
//! has, and what honours the workstation's CUPS settings (`CUPS_SERVER`, lpoptions).

use std::io::Write;
use std::process::{Command, Output};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    #[error("打印服务（CUPS）未运行或无法连接，文书未送出；请检查打印服务后重试，或改用其他打印机")]
    CupsUnavailable,
    #[error("打印队列“{0}”不存在；请在打印设置中选择已安装的打印机")]
    NoSuchQueue(String),
    #[error("找不到打印命令 {0}：请安装 cups-client")]
    NoClient(&'static str),
    #[error("打印失败：{0}")]
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting in the queue.
    Queued,
    /// Being printed now.
    Printing,
    /// The queue is stopped (printer offline or disabled): the job waits until it is released or
    /// redirected.
    Held,
    Done,
    /// Cancelled or aborted by CUPS.
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Printing => "printing",
            JobState::Held => "held",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [JobState::Queued, JobState::Printing, JobState::Held, JobState::Done, JobState::Failed]
            .into_iter()
            .find(|j| j.as_str() == s)
    }
}

/// A CUPS server: the workstation's default, or the one named (`host:port` or a socket path).
#[derive(Debug, Clone, Default)]
pub struct Cups {
    pub server: Option<String>,
}

fn command(server: &Option<String>, program: &'static str, args: &[&str]) -> Result<Output, PrintError> {
    let mut command = Command::new(program);
    command.args(args).env("LC_ALL", "C");
    if let Some(server) = server {
        command.env("CUPS_SERVER", server);
    }
    command.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => PrintError::NoClient(program),
        _ => PrintError::Failed(format!("{program}: {e}")),
    })
}

impl Cups {
    fn run(&self, program: &'static str, args: &[&str]) -> Result<Output, PrintError> {
        command(&self.server, program, args)
    }

    /// Whether the scheduler answers at all.
    pub fn running(&self) -> bool {
        self.run("lpstat", &["-r"]).is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("is running"))
    }

    /// What a failed command's message means. The clients say "does not exist" also when they
    /// cannot reach the scheduler, so that case asks the scheduler first.
    fn classify(&self, stderr: &str, queue: &str) -> PrintError {
        let lower = stderr.to_lowercase();
        let unknown = lower.contains("does not exist")
            || lower.contains("unknown destination")
            || lower.contains("invalid destination");
        if lower.contains("unable to connect")
            || lower.contains("not running")
            || lower.contains("connection refused")
            || (unknown && !self.running())
        {
            PrintError::CupsUnavailable
        } else if unknown {
            PrintError::NoSuchQueue(queue.to_string())
        } else {
            PrintError::Failed(stderr.trim().to_string())
        }
    }

    /// Sends a PDF to `queue`; returns the CUPS job id (e.g. `OW-A4-12`).
    pub fn submit(&self, queue: &str, media: &str, copies: u32, title: &str, pdf: &[u8]) -> Result<String, PrintError> {
        let mut file =
            tempfile::Builder::new().suffix(".pdf").tempfile().map_err(|e| PrintError::Failed(e.to_string()))?;
        file.write_all(pdf).map_err(|e| PrintError::Failed(e.to_string()))?;
        let path = file.path().to_string_lossy().into_owned();
        let copies = copies.to_string();
        let media = format!("media={media}");
        let out =
            self.run("lp", &["-d", queue, "-n", &copies, "-o", &media, "-o", "fit-to-page=false", "-t", title, &path])?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(self.classify(&String::from_utf8_lossy(&out.stderr), queue));
        }
        // "request id is OW-A4-12 (1 file(s))"
        stdout
            .split_whitespace()
            .skip_while(|w| *w != "is")
            .nth(1)
            .map(str::to_string)
            .ok_or_else(|| PrintError::Failed(format!("无法识别 lp 的回应：{}", stdout.trim())))
    }

    /// Where a job stands now.
    pub fn state(&self, queue: &str, job: &str) -> Result<JobState, PrintError> {
        let pending = self.run("lpstat", &["-W", "not-completed", "-o", queue])?;
        if !pending.status.success() {
            return Err(self.classify(&String::from_utf8_lossy(&pending.stderr), queue));
        }
        let listed = |out: &Output| {
            String::from_utf8_lossy(&out.stdout).lines().any(|l| l.split_whitespace().next() == Some(job))
        };
        if listed(&pending) {
            let printer = self.run("lpstat", &["-p", queue])?;
            let status = String::from_utf8_lossy(&printer.stdout);
            return Ok(if status.contains("disabled") {
                JobState::Held
            } else if status.contains(&format!("now printing {job}")) {
                JobState::Printing
            } else {
                JobState::Queued
            });
        }
        let completed = self.run("lpstat", &["-W", "completed", "-l", "-o", queue])?;
        let text = String::from_utf8_lossy(&completed.stdout).into_owned();
        let mut lines = text.lines().skip_while(|l| l.split_whitespace().next() != Some(job));
        if lines.next().is_none() {
            // CUPS keeps no record of it (history purged): it left the queue.
            return Ok(JobState::Done);
        }
        let details: String = lines.take_while(|l| l.starts_with(char::is_whitespace)).collect::<Vec<_>>().join(" ");
        Ok(if details.contains("canceled") || details.contains("aborted") { JobState::Failed } else { JobState::Done })
    }

    pub fn queue_enabled(&self, queue: &str) -> Result<bool, PrintError> {
        let out = self.run("lpstat", &["-p", queue])?;
        if !out.status.success() {
            return Err(self.classify(&String::from_utf8_lossy(&out.stderr), queue));
        }
        Ok(!String::from_utf8_lossy(&out.stdout).contains("disabled"))
    }

    /// The queues CUPS knows.
    pub fn queues(&self) -> Result<Vec<String>, PrintError> {
        let out = self.run("lpstat", &["-e"])?;
        if !out.status.success() {
            return Err(self.classify(&String::from_utf8_lossy(&out.stderr), ""));
        }
        Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect())
    }

    /// Takes a job out of its queue (before redirecting it elsewhere).
    pub fn cancel(&self, job: &str) -> Result<(), PrintError> {
        let out = self.run("cancel", &[job])?;
        if out.status.success() {
            Ok(())
        } else {
            Err(self.classify(&String::from_utf8_lossy(&out.stderr), ""))
        }
    }
}
