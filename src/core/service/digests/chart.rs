//! The digest's chart: a department's open backlog at the end of each of the last days (a
//! line, left axis) and the share of tickets resolved within SLA each day (bars, right axis),
//! drawn as an 800×400 PNG with labels in the reader's language.
//!
//! It is drawn with plotters into an RGB buffer and encoded with the `png` crate. Text uses a
//! font compiled into the binary (a subset of Noto Sans, OFL — see `src/assets/OFL.txt`)
//! through plotters' `ab_glyph` support, so it renders the same on a machine without fonts.
//! The same data always gives the same bytes.

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::core::outbound::{Attachment, ImageSize};
use crate::i18n::{Locale, Msg};

pub(super) const WIDTH: u32 = 800;
pub(super) const HEIGHT: u32 = 400;

/// The font family every label uses; registered once, from the bundled file.
const FAMILY: &str = "sans-serif";
static FONT: &[u8] = include_bytes!("../../../assets/NotoSans-Regular-subset.ttf");

/// What the chart shows, one entry per day, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ChartData {
    /// Whose tickets: a department's name; `None` for several (a director's).
    pub subject: Option<String>,
    /// Each day's label, e.g. `07.12`.
    pub days: Vec<String>,
    /// Tickets open at the end of each day (today: now).
    pub backlog: Vec<u64>,
    /// Per cent of the tickets resolved that day whose SLA was met; `None` when none was
    /// resolved.
    pub in_sla: Vec<Option<u32>>,
}

/// Colours: a blue line for the backlog, green bars for SLA.
const BACKLOG: RGBColor = RGBColor(37, 99, 235);
const IN_SLA: RGBColor = RGBColor(134, 239, 172);
const GRID: RGBColor = RGBColor(226, 232, 240);

/// The chart as a PNG attachment named `name`.
pub(super) fn attachment(name: String, png: Vec<u8>) -> Attachment {
    Attachment {
        name,
        image: Some(ImageSize {
            width: WIDTH,
            height: HEIGHT,
        }),
        bytes: png,
    }
}

/// The chart, drawn and encoded as a PNG.
pub(super) fn draw_png(data: &ChartData, locale: Locale) -> anyhow::Result<Vec<u8>> {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // The bundled file is part of the build and checked by the tests.
        if register_font(FAMILY, FontStyle::Normal, FONT).is_err() {
            tracing::error!("the bundled chart font cannot be read");
        }
    });
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&mut rgb, data, locale).map_err(|e| anyhow::anyhow!("drawing the chart: {e}"))?;
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.write_header()?.write_image_data(&rgb)?;
    Ok(png)
}

fn draw(
    rgb: &mut [u8],
    data: &ChartData,
    locale: Locale,
) -> Result<(), Box<dyn std::error::Error + 'static>> {
    let text = |msg: Msg| msg.render(locale);
    // Sizes where the bundled font renders crisply with ab_glyph (some others jitter).
    let (small, normal, caption_size) = (12, 14, 20);
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    // A segmented range `0..n` has a segment for `n` too: `0..days - 1` is one per day.
    let days = u32::try_from(data.days.len()).unwrap_or(0).max(2);
    let top = data.backlog.iter().copied().max().unwrap_or(0).max(4);
    // Headroom above the highest point, for the legend.
    let y_max = top + top / 2 + 1;
    let caption = text(match &data.subject {
        Some(dept) => Msg::new("digest-chart-title").arg("subject", dept.as_str()),
        None => Msg::new("digest-chart-title-all"),
    });
    // One segment per day: bars fill it, the line's points sit in its middle.
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, (FAMILY, caption_size))
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(44)
        .right_y_label_area_size(44)
        .build_cartesian_2d((0..days - 1).into_segmented(), 0u64..y_max)?
        .set_secondary_coord((0..days - 1).into_segmented(), 0u32..135u32);
    let label = |v: &SegmentValue<u32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            data.days.get(*i as usize).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    };
    chart
        .configure_mesh()
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .x_labels(data.days.len())
        .x_label_formatter(&label)
        .y_desc(text(Msg::new("digest-chart-backlog")))
        .label_style((FAMILY, small))
        .axis_desc_style((FAMILY, normal))
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_desc(text(Msg::new("digest-chart-in-sla")))
        // The scale runs past 100% to leave the legend room; only 0–100% is labelled.
        .y_label_formatter(&|v| {
            if *v <= 100 {
                format!("{v}%")
            } else {
                String::new()
            }
        })
        .label_style((FAMILY, small))
        .axis_desc_style((FAMILY, normal))
        .draw()?;
    let bars = data.in_sla.iter().zip(0u32..).filter_map(|(share, i)| {
        share.map(|s| {
            let mut bar = Rectangle::new(
                [(SegmentValue::Exact(i), 0), (SegmentValue::Exact(i + 1), s)],
                IN_SLA.filled(),
            );
            bar.set_margin(0, 0, 6, 6);
            bar
        })
    });
    chart
        .draw_secondary_series(bars)?
        .label(text(Msg::new("digest-chart-in-sla")))
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], IN_SLA.filled()));
    let points: Vec<(SegmentValue<u32>, u64)> = data
        .backlog
        .iter()
        .zip(0u32..)
        .map(|(n, i)| (SegmentValue::CenterOf(i), *n))
        .collect();
    chart
        .draw_series(LineSeries::new(points.clone(), BACKLOG.stroke_width(3)))?
        .label(text(Msg::new("digest-chart-backlog")))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], BACKLOG.stroke_width(3)));
    chart.draw_series(
        points
            .into_iter()
            .map(|p| Circle::new(p, 4, BACKLOG.filled())),
    )?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .label_font((FAMILY, normal))
        .draw()?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> ChartData {
        ChartData {
            subject: Some("IT".into()),
            days: (1..=14).map(|d| format!("{d:02}.12")).collect(),
            backlog: (0..14).map(|d| 10 + d * 2).collect(),
            in_sla: (0..14)
                .map(|d| (d % 3 != 0).then_some(60 + d as u32))
                .collect(),
        }
    }

    #[test]
    fn the_chart_is_a_png_of_the_stated_size_with_something_drawn() {
        let chart = attachment("chart.png".into(), draw_png(&data(), Locale::Ro).unwrap());
        assert_eq!(
            chart.image,
            Some(ImageSize {
                width: 800,
                height: 400
            })
        );
        let decoder = png::Decoder::new(chart.bytes.as_slice());
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((info.width, info.height), (800, 400));
        let pixels = &pixels[..info.buffer_size()];
        let colour = |c: RGBColor| pixels.chunks(3).filter(|p| *p == [c.0, c.1, c.2]).count();
        assert!(colour(BACKLOG) > 500, "the backlog line is drawn");
        assert!(colour(IN_SLA) > 2000, "the SLA bars are drawn");
        // Text is drawn too: dark grey-to-black anti-aliased pixels besides the series.
        let dark = pixels
            .chunks(3)
            .filter(|p| p.iter().all(|&v| v < 80))
            .count();
        assert!(dark > 500, "labels are drawn ({dark} dark pixels)");
    }

    #[test]
    fn the_same_data_gives_the_same_bytes() {
        let a = draw_png(&data(), Locale::En).unwrap();
        let b = draw_png(&data(), Locale::En).unwrap();
        assert_eq!(a, b);
    }
}
