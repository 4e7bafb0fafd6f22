//! Fonts for the printouts: a chain of faces (a CJK font first, fallbacks after), each character
//! drawn with the first face that has it; only the glyphs used are embedded (a subset), as CID
//! fonts with a ToUnicode map so the text can be copied and extracted.

use std::collections::BTreeMap;
use std::sync::Arc;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId, Tag};

use crate::DocumentError;

/// One face of a font file (a `.ttc` holds several).
#[derive(Clone)]
pub struct FontFace {
    pub name: String,
    data: Arc<Vec<u8>>,
    index: u32,
    units_per_em: f32,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontFace({} #{})", self.name, self.index)
    }
}

impl FontFace {
    pub fn new(name: impl Into<String>, data: Arc<Vec<u8>>, index: u32) -> Result<Self, DocumentError> {
        let name = name.into();
        let face = Face::parse(&data, index).map_err(|e| DocumentError::Font(format!("{name}: {e}")))?;
        let units_per_em = f32::from(face.units_per_em());
        Ok(Self { name, data, index, units_per_em })
    }

    fn face(&self) -> Face<'_> {
        Face::parse(&self.data, self.index).expect("parsed in new")
    }

    pub fn has(&self, c: char) -> bool {
        self.face().glyph_index(c).is_some()
    }

    /// The font file's bytes and the face's index in it, for drawing with another rasteriser.
    pub fn data(&self) -> (&[u8], u32) {
        (&self.data, self.index)
    }
}

/// The faces to draw with, in order of preference.
#[derive(Clone, Debug)]
pub struct FontChain {
    faces: Vec<FontFace>,
}

impl FontChain {
    pub fn new(faces: Vec<FontFace>) -> Result<Self, DocumentError> {
        if faces.is_empty() {
            return Err(DocumentError::Font("没有可用字体".into()));
        }
        Ok(Self { faces })
    }

    pub fn faces(&self) -> &[FontFace] {
        &self.faces
    }
}

/// A run of text in one face: glyph ids (before subsetting) and the text they stand for.
pub(crate) struct Run {
    pub face: usize,
    pub glyphs: Vec<(u16, char)>,
    /// Width in ems.
    pub width_em: f32,
}

/// Glyph lookup and measurement over a chain, collecting what each face must embed.
pub(crate) struct Shaper<'a> {
    chain: &'a FontChain,
    faces: Vec<Face<'a>>,
    /// Per face: the glyphs used and the character each stands for.
    pub used: Vec<BTreeMap<u16, char>>,
    /// Characters already looked up: (face, glyph, advance in ems). Layout measures the same
    /// characters over and over.
    cache: std::cell::RefCell<std::collections::HashMap<char, (usize, u16, f32)>>,
}

impl<'a> Shaper<'a> {
    pub fn new(chain: &'a FontChain) -> Self {
        let faces = chain.faces.iter().map(|f| Face::parse(&f.data, f.index).expect("parsed")).collect();
        Self { chain, faces, used: vec![BTreeMap::new(); chain.faces.len()], cache: Default::default() }
    }

    /// The face and glyph drawing `c`, and its advance in ems.
    fn glyph(&self, c: char) -> (usize, u16, f32) {
        if let Some(hit) = self.cache.borrow().get(&c) {
            return *hit;
        }
        // Nothing has it: the first face's .notdef keeps the text extractable.
        let (face, glyph) =
            self.faces.iter().enumerate().find_map(|(i, f)| f.glyph_index(c).map(|g| (i, g.0))).unwrap_or((0, 0));
        let found = (face, glyph, self.advance_em(face, glyph));
        self.cache.borrow_mut().insert(c, found);
        found
    }

    fn advance_em(&self, face: usize, glyph: u16) -> f32 {
        let adv = self.faces[face].glyph_hor_advance(GlyphId(glyph)).unwrap_or(0);
        f32::from(adv) / self.chain.faces[face].units_per_em
    }

    /// Width of `text` in ems, without recording anything.
    pub fn measure(&self, text: &str) -> f32 {
        text.chars().filter(|c| !c.is_control()).map(|c| self.glyph(c).2).sum()
    }

    /// `text` split into runs per face; the glyphs are recorded for embedding.
    pub fn runs(&mut self, text: &str) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        for c in text.chars().filter(|c| !c.is_control()) {
            let (face, glyph, width) = self.glyph(c);
            self.used[face].entry(glyph).or_insert(c);
            match runs.last_mut() {
                Some(run) if run.face == face => {
                    run.glyphs.push((glyph, c));
                    run.width_em += width;
                }
                _ => runs.push(Run { face, glyphs: vec![(glyph, c)], width_em: width }),
            }
        }
        runs
    }
}

const CFF: Tag = Tag::from_bytes(b"CFF ");
const SYSTEM_INFO: SystemInfo = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };

pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// The glyph remappers of the faces used: glyph ids in content streams are the subset's ids.
pub(crate) fn remappers(used: &[BTreeMap<u16, char>]) -> Vec<GlyphRemapper> {
    used.iter()
        .map(|glyphs| {
            let mut r = GlyphRemapper::new();
            for &g in glyphs.keys() {
                r.remap(g);
            }
            r
        })
        .collect()
}

/// Writes one used face as a Type0 font with its subset embedded.
pub(crate) fn write_face(
    pdf: &mut Pdf,
    refs: [Ref; 5],
    face: &FontFace,
    used: &BTreeMap<u16, char>,
    remapper: &GlyphRemapper,
    tag: &str,
) -> Result<(), DocumentError> {
    let [type0_ref, cid_ref, descriptor_ref, cmap_ref, data_ref] = refs;
    let ttf = face.face();
    let is_cff = ttf.raw_face().table(CFF).is_some();
    let ps_name: String = face.name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    let base_font = format!("{tag}+{ps_name}");
    let type0_name = if is_cff { format!("{base_font}-Identity-H") } else { base_font.clone() };

    pdf.type0_font(type0_ref)
        .base_font(Name(type0_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let to_units = |v: f32| v / face.units_per_em * 1000.0;
    let mut cid = pdf.cid_font(cid_ref);
    cid.subtype(if is_cff { CidFontType::Type0 } else { CidFontType::Type2 });
    cid.base_font(Name(base_font.as_bytes()));
    cid.system_info(SYSTEM_INFO);
    cid.font_descriptor(descriptor_ref);
    cid.default_width(0.0);
    if !is_cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    {
        let mut widths = cid.widths();
        for (new_id, old) in remapper.remapped_gids().enumerate() {
            let w = to_units(f32::from(ttf.glyph_hor_advance(GlyphId(old)).unwrap_or(0)));
            widths.consecutive(new_id as u16, [w]);
        }
    }
    cid.finish();

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
    for (&old, &c) in used {
        if let Some(new_id) = remapper.get(old) {
            cmap.pair(new_id, c);
        }
    }
    pdf.cmap(cmap_ref, &deflate(&cmap.finish())).filter(Filter::FlateDecode);

    let subset = subsetter::subset(&face.data, face.index, remapper)
        .map_err(|e| DocumentError::Font(format!("{}: {e:?}", face.name)))?;
    let program: Vec<u8> = match ttf_parser::RawFace::parse(&subset, 0).ok().and_then(|raw| raw.table(CFF)) {
        Some(cff) => cff.to_vec(),
        None => subset,
    };
    let compressed = deflate(&program);
    let mut stream = pdf.stream(data_ref, &compressed);
    stream.filter(Filter::FlateDecode);
    if is_cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    }
    stream.finish();

    let bbox = ttf.global_bounding_box();
    let mut flags = FontFlags::empty();
    flags.insert(FontFlags::SYMBOLIC);
    let mut descriptor = pdf.font_descriptor(descriptor_ref);
    descriptor
        .name(Name(base_font.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(
            to_units(f32::from(bbox.x_min)),
            to_units(f32::from(bbox.y_min)),
            to_units(f32::from(bbox.x_max)),
            to_units(f32::from(bbox.y_max)),
        ))
        .italic_angle(0.0)
        .ascent(to_units(f32::from(ttf.ascender())))
        .descent(to_units(f32::from(ttf.descender())))
        .cap_height(to_units(f32::from(ttf.capital_height().unwrap_or(ttf.ascender()))))
        .stem_v(80.0);
    if is_cff {
        descriptor.font_file3(data_ref);
    } else {
        descriptor.font_file2(data_ref);
    }
    descriptor.finish();
    Ok(())
}
