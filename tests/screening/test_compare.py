"""compare(): the name and evidence comparison, on real DPRK names."""

from maxpressure.model import make_entity
from maxpressure.screening import DEFAULT_THRESHOLD, FEATURES, compare


def person(entity_id, **props):
    entity = make_entity("Person", entity_id)
    for prop, value in props.items():
        entity.add(prop, value)
    return entity


KIM = person("a", name="Kim Jong Un", birthDate="1984-01-08", nationality="kp")


def test_spellings_and_scripts_of_kim_jong_un_match():
    for spelling in ("KIM Jong-un", "Kim Chong-un", "김정은", "金正恩", "Gim Jeong-eun"):
        assert compare(KIM, person("b", name=spelling)).score >= DEFAULT_THRESHOLD, spelling


def test_other_kims_sharing_a_syllable_do_not_match():
    for other in ("Kim Jong Nam", "Kim Yo Jong", "Kim Jong Il", "Kim Jong Man", "Kim Jong Sik"):
        assert compare(KIM, person("b", name=other, nationality="kp")).score < DEFAULT_THRESHOLD, other


def test_birth_date_raises_and_conflict_lowers():
    plain = compare(KIM, person("b", name="Kim Jong On")).score
    same_day = compare(KIM, person("b", name="Kim Jong On", birthDate="1984-01-08")).score
    other_decade = compare(KIM, person("b", name="Kim Jong On", birthDate="1964-01-08")).score
    assert other_decade < plain < same_day


def test_explanation_comes_from_the_feature_table():
    score = compare(KIM, person("b", name="KIM Jong-un", birthDate="1984", nationality="kp"))
    assert set(score.features) <= set(FEATURES)
    main = max(f.contribution for f in score.features.values() if FEATURES[f.name].main)
    qualifiers = sum(f.contribution for f in score.features.values() if not FEATURES[f.name].main)
    assert score.score == min(1.0, main + qualifiers)


def test_imo_decides_for_vessels():
    a = make_entity("Vessel", "v1")
    a.add("name", "CHON MA SAN")
    a.add("imoNumber", "8660313")
    b = make_entity("Vessel", "v2")
    b.add("name", "ANTHEA")
    b.add("imoNumber", "IMO 8660313")
    assert compare(a, b).score >= 0.95
