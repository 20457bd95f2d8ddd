//! Which requests the preview answers: only those addressed to the preview itself (its `Host`)
//! and not sent by another web page (`Origin`, `Sec-Fetch-Site`), so a page open in the same
//! browser cannot drive the preview, and DNS rebinding cannot read it.

use std::net::{IpAddr, SocketAddr};

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The `Host` header names another server (or none): 421 Misdirected Request.
    Host,
    /// Another web page sent the request: 403 Forbidden.
    CrossSite,
}

impl Refusal {
    pub(crate) fn status(&self) -> u16 {
        match self {
            Refusal::Host => 421,
            Refusal::CrossSite => 403,
        }
    }
}

/// The preview's own address, against which requests are checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Guard {
    addr: SocketAddr,
}

/// The headers a request is judged by (all optional, as sent).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Headers<'a> {
    pub(crate) host: Option<&'a str>,
    pub(crate) origin: Option<&'a str>,
    pub(crate) fetch_site: Option<&'a str>,
    pub(crate) fetch_mode: Option<&'a str>,
}

impl Guard {
    pub(crate) fn new(addr: SocketAddr) -> Guard {
        Guard { addr }
    }

    /// The message a refused request gets, naming the address that works.
    pub(crate) fn message(&self, refusal: &Refusal) -> String {
        let own = format!("http://localhost:{}/", self.addr.port());
        match refusal {
            Refusal::Host => format!(
                "misdirected request: this preview answers only to its own address, such as {own}"
            ),
            Refusal::CrossSite => {
                format!("forbidden: this preview answers only to its own pages, opened from {own}")
            }
        }
    }

    /// Whether `host` (a `Host` header or the authority of an `Origin`) names this server:
    /// `localhost` or an IP address it listens on, with its port (or none when it is 80). A
    /// name other than `localhost` could be any site's name resolved to this machine.
    pub(crate) fn is_own_host(&self, host: &str) -> bool {
        let (name, port) = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((name, "")) => (name, None),
                Some((name, port)) => match port.strip_prefix(':') {
                    Some(port) => (name, Some(port)),
                    None => return false,
                },
                None => return false,
            },
            None => match host.split_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (host, None),
            },
        };
        let port_ok = match port {
            None => self.addr.port() == 80,
            Some(p) => p.parse::<u16>() == Ok(self.addr.port()) && !p.starts_with('+'),
        };
        let own_ip = |ip: IpAddr| {
            ip == self.addr.ip()
                || (ip.is_loopback() && self.addr.ip().is_loopback())
                || self.addr.ip().is_unspecified()
        };
        let name_ok = name.eq_ignore_ascii_case("localhost")
            || (host.starts_with('[') && name.parse().is_ok_and(|ip| own_ip(IpAddr::V6(ip))))
            || (!host.starts_with('[') && name.parse().is_ok_and(|ip| own_ip(IpAddr::V4(ip))));
        port_ok && name_ok
    }

    /// Whether a request with these headers is answered. `data` is true for the preview's
    /// API and event stream, which only its own pages may use; a page may also be opened
    /// from a link elsewhere (a navigation).
    pub(crate) fn check(&self, h: Headers<'_>, data: bool) -> Result<(), Refusal> {
        if !h.host.is_some_and(|host| self.is_own_host(host.trim())) {
            return Err(Refusal::Host);
        }
        if let Some(origin) = h.origin {
            let own = origin
                .trim()
                .strip_prefix("http://")
                .is_some_and(|authority| self.is_own_host(authority));
            if !own {
                return Err(Refusal::CrossSite);
            }
        }
        // Fetch metadata (sent by current browsers): another site's page may navigate to the
        // preview, but not load its files or data into itself.
        let foreign = h
            .fetch_site
            .is_some_and(|s| !matches!(s.trim(), "same-origin" | "none"));
        let navigation = h.fetch_mode.is_some_and(|m| m.trim() == "navigate");
        if foreign && (data || !navigation) {
            return Err(Refusal::CrossSite);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(addr: &str) -> Guard {
        Guard::new(addr.parse().unwrap())
    }

    fn host(h: &str) -> Headers<'_> {
        Headers {
            host: Some(h),
            ..Headers::default()
        }
    }

    #[test]
    fn only_its_own_host_and_port_are_answered() {
        let g = guard("127.0.0.1:8080");
        for ok in [
            "localhost:8080",
            "127.0.0.1:8080",
            "LOCALHOST:8080",
            "127.0.0.2:8080",
        ] {
            assert_eq!(g.check(host(ok), true), Ok(()), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "localhost",
            "localhost:80",
            "localhost:8081",
            "127.0.0.1",
            "127.0.0.1:+8080",
            "localhost.evil.example:8080",
            "192.168.1.5:8080",
            "[::1]:8080x",
            "",
        ] {
            assert_eq!(g.check(host(bad), false), Err(Refusal::Host), "{bad}");
        }
        assert_eq!(g.check(Headers::default(), false), Err(Refusal::Host));
        let v6 = guard("[::1]:8080");
        assert_eq!(v6.check(host("[::1]:8080"), true), Ok(()));
        assert_eq!(v6.check(host("[::2]:8080"), true), Err(Refusal::Host));
        let port80 = guard("127.0.0.1:80");
        assert_eq!(port80.check(host("localhost"), true), Ok(()));
        // Listening on every address: any IP address of the machine, never another name.
        let all = guard("0.0.0.0:8080");
        assert_eq!(all.check(host("192.168.1.5:8080"), true), Ok(()));
        assert_eq!(
            all.check(host("printer.lan:8080"), true),
            Err(Refusal::Host)
        );
    }

    #[test]
    fn other_pages_cannot_use_the_api_or_load_files() {
        let g = guard("127.0.0.1:8080");
        let with = |origin: Option<&'static str>, site: Option<&'static str>, mode| Headers {
            host: Some("localhost:8080"),
            origin,
            fetch_site: site,
            fetch_mode: mode,
        };
        assert_eq!(
            g.check(with(Some("http://localhost:8080"), None, None), true),
            Ok(())
        );
        assert_eq!(
            g.check(
                with(Some("http://127.0.0.1:8080"), Some("same-origin"), None),
                true
            ),
            Ok(())
        );
        for origin in [
            "http://evil.example",
            "https://localhost:8080",
            "http://localhost:3000",
            "null",
        ] {
            assert_eq!(
                g.check(with(Some(origin), None, None), true),
                Err(Refusal::CrossSite),
                "{origin}"
            );
        }
        for site in ["cross-site", "same-site"] {
            let script = with(None, Some(site), Some("no-cors"));
            assert_eq!(g.check(script, false), Err(Refusal::CrossSite), "{site}");
            let link = with(None, Some(site), Some("navigate"));
            assert_eq!(
                g.check(link, false),
                Ok(()),
                "a link from elsewhere opens a page"
            );
            assert_eq!(
                g.check(link, true),
                Err(Refusal::CrossSite),
                "but not the API"
            );
        }
        assert_eq!(
            g.check(with(None, Some("none"), Some("navigate")), true),
            Ok(())
        );
    }
}
